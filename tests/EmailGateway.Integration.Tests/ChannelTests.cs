using System.Diagnostics;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Protocol;
using EmailGateway.Transport;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests;

/// <summary>Exec and shell channels, timeouts, cancellation, and device profiles driving the client.</summary>
[Collection(ApplianceCollection.Name)]
public sealed class ChannelTests
{
    private readonly ApplianceFixture _fixture;

    public ChannelTests(ApplianceFixture fixture) => _fixture = fixture;

    [SshdFact]
    public async Task A_hung_command_hits_the_command_timeout_and_the_connection_stays_usable()
    {
        // Long enough for the next command to answer within it on a loaded machine; far below the sleep.
        var settings = _fixture.Settings(1);
        settings.CommandTimeout = TimeSpan.FromSeconds(10);
        using var transport = new SshTransport(settings);
        await transport.ConnectAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<GatewayCommandException>(() => transport.ExecuteAsync("test sleep 600", CancellationToken.None));
        Assert.Equal(ErrorCodes.Timeout, error.Code);
        Assert.InRange(watch.Elapsed.TotalSeconds, 9.5, 120);

        var result = await transport.ExecuteAsync("show status", CancellationToken.None);
        Assert.True(result.Succeeded);
        await AssertNoApplianceProcessLeft("test sleep");
    }

    [SshdFact]
    public async Task Cancellation_stops_a_running_command_promptly()
    {
        using var transport = new SshTransport(_fixture.Settings(1));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.ExecuteAsync("test sleep 60", cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        Assert.True((await transport.ExecuteAsync("show status", CancellationToken.None)).Succeeded);
        await AssertNoApplianceProcessLeft("test sleep");
    }

    [SshdFact]
    public async Task The_shell_channel_reads_the_prompt_from_the_profile()
    {
        var profile = DeviceProfile.Parse(ShellProfile(), "shell test profile");
        using var transport = new SshTransport(_fixture.Settings(0), profile);
        var client = new GatewayClient(transport, profile);
        var node = await client.GetStatusAsync(CancellationToken.None);
        Assert.Equal("meg1.example.com", node.Hostname);
        var again = await client.GetStatusAsync(CancellationToken.None); // the same shell, reused
        Assert.Equal(node.Build, again.Build);

        var failure = await transport.ExecuteAsync("frobnicate", CancellationToken.None);
        Assert.Equal(1, failure.ExitStatus);
        Assert.Equal(ErrorCodes.UnknownCommand, ApplianceError.Parse(failure.StandardError, 1).Code);
    }

    [SshdFact]
    public async Task An_appliance_that_refuses_exec_works_only_with_a_shell_profile()
    {
        using (var exec = new SshTransport(_fixture.Settings(5)))
        {
            var refused = await exec.ExecuteAsync("show status", CancellationToken.None);
            Assert.Equal("exec-refused", ApplianceError.Parse(refused.StandardError, refused.ExitStatus).Code);
        }
        var profile = DeviceProfile.Parse(ShellProfile(), "shell test profile");
        using var shell = new SshTransport(_fixture.Settings(5), profile);
        var node = await new GatewayClient(shell, profile).GetStatusAsync(CancellationToken.None);
        Assert.Equal("meg6.example.com", node.Hostname);
    }

    [SshdFact]
    public async Task A_wrong_prompt_pattern_times_out_with_a_hint()
    {
        var profile = DeviceProfile.Parse(ShellProfile(prompt: @"^never-this# $"), "bad prompt profile");
        var settings = _fixture.Settings(0);
        settings.CommandTimeout = TimeSpan.FromSeconds(2);
        using var transport = new SshTransport(settings, profile);
        var error = await Assert.ThrowsAsync<GatewayCommandException>(() => transport.ExecuteAsync("show status", CancellationToken.None));
        Assert.Equal(ErrorCodes.Timeout, error.Code);
        Assert.Contains("prompt", error.Message);
    }

    [SshdFact]
    public async Task An_edited_profile_passed_by_path_drives_the_client_in_another_dialect()
    {
        var profile = DeviceProfile.Load(_fixture.DialectProfilePath);
        using var transport = new SshTransport(_fixture.Settings(4), profile);
        var client = new GatewayClient(transport, profile);

        var node = await client.GetStatusAsync(CancellationToken.None);
        Assert.Equal("meg5.example.com", node.Hostname);
        Assert.Equal(2, node.ClusterId);
        await client.SetClusterIdAsync(new ClusterId(77), CancellationToken.None);
        Assert.Equal(77, (await client.GetStatusAsync(CancellationToken.None)).ClusterId);
        await client.SetClusterIdAsync(new ClusterId(2), CancellationToken.None);

        // The raw reply really is in the other dialect, and the default profile does not speak it.
        var raw = await transport.ExecuteAsync("display system-state", CancellationToken.None);
        Assert.Contains("software:", raw.StandardOutput);
        Assert.DoesNotContain("build:", raw.StandardOutput);
        var defaultClient = new GatewayClient(transport);
        var error = await Assert.ThrowsAsync<GatewayCommandException>(() => defaultClient.GetStatusAsync(CancellationToken.None));
        Assert.Equal(ErrorCodes.UnknownCommand, error.Code);
    }

    /// <summary>The default commands, spoken over an interactive shell.</summary>
    private static string ShellProfile(string prompt = @"^[\w.-]+> $") => $"""
        name: shell-cli
        channel: shell
        prompt: '{prompt}'
        """;

    /// <summary>A cancelled or timed-out command must not leave its appliance process behind.</summary>
    private static async Task AssertNoApplianceProcessLeft(string what)
    {
        for (var i = 0; i < 50; i++)
        {
            var count = Shell.Run("sh", "-c", $"pgrep -u {TestUser.Name} -f 'EmailGateway.Appliance' | while read p; do tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null | grep -c 'SSH_ORIGINAL_COMMAND={what}'; done | grep -c 1 || true").Trim();
            if (count == "0") return;
            await Task.Delay(200);
        }
        Assert.Fail($"an appliance process running '{what}' is still alive 10 s after the client gave up");
    }
}
