using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Profiles.Transcripts;
using EmailGateway.Protocol;
using EmailGateway.Tests.Core.Profiles;
using EmailGateway.Transport;
using EmailGateway.Transport.Ssh;
using Renci.SshNet;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// The appliance program's text CLI behind sshd, as a firmware an admin meets: its pager really waits for a
/// key, a capture of it reads through the worked example's profile, the client reads what the lab holds over
/// both channels, error lines with exit status 0 are failures, and a profile without the pager fails within
/// the command timeout (or at once on cancellation) instead of hanging.
/// </summary>
public sealed class TextCliTests : IClassFixture<TextCliTests.TextCliLab>
{
    private static readonly Regex Prompt = new(@"meg\d# $", RegexOptions.CultureInvariant);
    private static readonly Regex MoreOrPrompt = new(@"(--More--|meg\d# )$", RegexOptions.CultureInvariant);
    private readonly TextCliLab _lab;

    public TextCliTests(TextCliLab lab) => _lab = lab;

    [SshdFact]
    public void The_shell_pauses_at_More_until_a_key_and_a_capture_reads_through_the_worked_example()
    {
        using var ssh = _lab.RawClient(1);
        using var shell = ssh.CreateShellStream("dumb", 80, 24, 0, 0, 4096);
        var capture = new StringBuilder(Expect(shell, Prompt, TimeSpan.FromSeconds(20)));
        Assert.Contains("Email Gateway management console", capture.ToString());

        shell.Write("show system status\n");
        shell.Flush();
        capture.Append(Expect(shell, new Regex("--More--$"), TimeSpan.FromSeconds(20)));
        Assert.Null(shell.Expect(Prompt, TimeSpan.FromMilliseconds(800))); // it waits for a key
        var pages = 1;
        while (true)
        {
            shell.Write(" ");
            shell.Flush();
            var more = Expect(shell, MoreOrPrompt, TimeSpan.FromSeconds(20));
            capture.Append(more);
            if (Prompt.IsMatch(more)) break;
            pages++;
        }
        Assert.Equal(2, pages);

        var reading = StatusTranscript.Find(capture.ToString(), WorkedExample.Profile, "live capture").ReadStatus();
        Assert.True(reading.IsComplete, string.Join("; ", reading.Problems));
        AssertSameStatus(_lab.StatusOf("meg2"), reading.ToNode());
    }

    [SshdFact]
    public async Task The_client_reads_what_the_lab_holds_over_exec_and_over_the_shell()
    {
        var expected = _lab.StatusOf("meg3");
        foreach (var channel in new[] { "exec", "shell" })
        {
            var profile = DeviceProfile.Load(TextCliKb80406Tests.ProfileForChannel(_lab.Lab.Directory, channel));
            using var transport = new SshTransport(_lab.Settings(2), profile);
            var node = await new GatewayClient(transport, profile).GetStatusAsync(CancellationToken.None);
            AssertSameStatus(expected, node);
            if (channel == "exec")
            {
                var raw = await transport.ExecuteAsync("show system status", CancellationToken.None);
                Assert.DoesNotContain("management console", raw.StandardOutput);
                Assert.DoesNotContain("--More--", raw.StandardOutput);
                Assert.StartsWith("meg3.example.com - system status\n", raw.StandardOutput);
            }
        }
    }

    [SshdFact]
    public async Task Error_lines_are_failures_on_both_channels_though_the_firmware_exits_0()
    {
        var missing = "/var/tmp/updates/none.pkg";
        var sha = new string('0', 64);
        var execProfile = DeviceProfile.Load(TextCliKb80406Tests.ProfileForChannel(_lab.Lab.Directory, "exec"));
        using (var exec = new SshTransport(_lab.Settings(3), execProfile))
        {
            var raw = await exec.ExecuteAsync($"system update {missing} sha256 {sha}", CancellationToken.None);
            Assert.Equal(0, raw.ExitStatus);
            Assert.StartsWith("% Error: File not found - ", raw.StandardOutput);
            var error = await Assert.ThrowsAsync<GatewayCommandException>(() => new GatewayClient(exec, execProfile).ApplyUpdateAsync(missing, sha, CancellationToken.None));
            Assert.Equal(ErrorCodes.NotFound, error.Code);
        }
        var shellProfile = WorkedExample.Profile;
        using var shell = new SshTransport(_lab.Settings(3), shellProfile);
        var unknown = await shell.ExecuteAsync("frobnicate", CancellationToken.None);
        Assert.Equal(1, unknown.ExitStatus);
        Assert.Equal("% Invalid input: 'frobnicate'\n", unknown.StandardError);
        var viaShell = await Assert.ThrowsAsync<GatewayCommandException>(() => new GatewayClient(shell, shellProfile).ApplyUpdateAsync(missing, sha, CancellationToken.None));
        Assert.Equal(ErrorCodes.NotFound, viaShell.Code);
    }

    [SshdFact]
    public async Task A_profile_without_the_pager_fails_within_the_command_timeout_naming_the_pager_prompt()
    {
        using var transport = ShellWithoutPager(TimeSpan.FromSeconds(3));
        Assert.True((await transport.ExecuteAsync("cluster id 12", CancellationToken.None)).Succeeded); // the shell opens and works

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<GatewayCommandException>(() => transport.ExecuteAsync("show system status", CancellationToken.None));

        Assert.Equal(ErrorCodes.Timeout, error.Code);
        Assert.Contains("'--More--'", error.Message);
        Assert.InRange(watch.Elapsed.TotalSeconds, 2.5, 10);
    }

    [SshdFact]
    public async Task Cancellation_while_the_pager_waits_stops_at_once()
    {
        using var transport = ShellWithoutPager(TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.ExecuteAsync("show system status", cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
    }

    /// <summary>A shell to meg1 driven by the worked example's profile with its pager section left out.</summary>
    private SshTransport ShellWithoutPager(TimeSpan commandTimeout)
    {
        var yaml = File.ReadAllText(WorkedExample.ProfilePath);
        var start = yaml.IndexOf("\npager:", StringComparison.Ordinal);
        var end = yaml.IndexOf("\ncommands:", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start);
        var path = Path.Combine(_lab.Lab.Directory, "text-cli-no-pager.yaml");
        File.WriteAllText(path, yaml.Remove(start, end - start));
        var settings = _lab.Settings(0);
        settings.CommandTimeout = commandTimeout;
        return new SshTransport(settings, DeviceProfile.Load(path));
    }

    private static string Expect(ShellStream shell, Regex pattern, TimeSpan timeout) =>
        shell.Expect(pattern, timeout) ?? throw new TimeoutException($"'{pattern}' did not arrive within {timeout.TotalSeconds} s");

    /// <summary>Every field the status carries, compared as the protocol writes it.</summary>
    private static void AssertSameStatus(GatewayNode expected, GatewayNode actual)
    {
        foreach (var field in StatusField.All)
            Assert.True(field.Write(expected) == field.Write(actual), $"{field.Property}: expected '{field.Write(expected)}', read '{field.Write(actual)}'");
    }

    public sealed class TextCliLab : IDisposable
    {
        public ApplianceLab Lab { get; } = ApplianceLab.Start(4, firstOctet: 70,
            new[] { "--preset", "KB80406" }.Concat(Enumerable.Range(1, 4).SelectMany(i => new[] { "--dialect", $"meg{i}=text" })));

        public SshConnectionSettings Settings(int index) => new()
        {
            Name = "meg" + (index + 1),
            Host = Lab.Cluster.Addresses[index],
            Port = Lab.Cluster.Port,
            UserName = Lab.Cluster.UserName,
            KeyFilePath = Lab.Cluster.ClientKeyPath,
            KnownHostsPath = Lab.Cluster.WriteKnownHosts(Path.Combine(Lab.Directory, "known_hosts")),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            CommandTimeout = TimeSpan.FromSeconds(20),
        };

        /// <summary>A plain SSH.NET client, to watch the appliance without the module in between.</summary>
        public SshClient RawClient(int index)
        {
            var client = new SshClient(new ConnectionInfo(Lab.Cluster.Addresses[index], Lab.Cluster.Port, Lab.Cluster.UserName,
                new PrivateKeyAuthenticationMethod(Lab.Cluster.UserName, new PrivateKeyFile(Lab.Cluster.ClientKeyPath))));
            client.Connect();
            return client;
        }

        /// <summary>The node's status as the lab's state file holds it.</summary>
        public GatewayNode StatusOf(string node) => LabWorld.Load(Lab.StatePath).GetStatuses().Single(n => n.ComputerName == node);

        public void Dispose() => Lab.Dispose();
    }
}
