using Xunit;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Tests.Core.Support;
using EmailGateway.Transport;
using EmailGateway.Updates;

namespace EmailGateway.Tests.Core.Transport;

public class GatewayClientTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static readonly CancellationToken None = CancellationToken.None;

    private static (GatewayClient Client, FakeTransport Transport) Create()
    {
        var transport = new FakeTransport("meg1") { Fallback = _ => CommandResult.Ok() };
        return (new GatewayClient(transport), transport);
    }

    private static string Status(string build = "7.6.4 P3", string power = "running", string mode = "master") =>
        StatusDocumentSample(build, power, mode);

    private static string StatusDocumentSample(string build, string power, string mode) => $"""
        hostname: meg1.example.com
        product: MEG
        build: {build}
        cluster: {"{"} mode: {mode}, id: 12, virtual_ip: 192.0.2.10, scanning: true {"}"}
        network: {"{"} state: online, address: 192.0.2.11 {"}"}
        smtp: {"{"} helo: mail.example.com {"}"}
        config: {"{"} revision: 42, sync: source {"}"}
        vrrp: {"{"} active: true {"}"}
        mail: {"{"} queue: 0 {"}"}
        power: {power}
        """;

    public static TheoryData<string, Func<GatewayClient, Task>> ValidOperations => new()
    {
        { "set cluster-id 12", c => c.SetClusterIdAsync(new ClusterId(12), None) },
        { "set cluster-id 0", c => c.SetClusterIdAsync(new ClusterId(0), None) },
        { "set cluster-id 255", c => c.SetClusterIdAsync(new ClusterId(255), None) },
        { "set cluster-mode failover --virtual-ip 192.0.2.10", c => c.SetClusterModeAsync(ClusterMode.Failover, "192.0.2.10", None) },
        { "set cluster-mode master --virtual-ip 192.0.2.10", c => c.SetClusterModeAsync(ClusterMode.Master, " 192.0.2.10 ", None) },
        { "set cluster-mode scanner", c => c.SetClusterModeAsync(ClusterMode.Scanner, null, None) },
        { "set cluster-mode standalone", c => c.SetClusterModeAsync(ClusterMode.Standalone, null, None) },
        { "set network online", c => c.SetNetworkStateAsync(NetworkState.Online, None) },
        { "set network offline", c => c.SetNetworkStateAsync(NetworkState.Offline, None) },
        { "set address 192.0.2.10", c => c.SetAddressAsync("192.0.2.10", None) },
        { "set address 2001:db8::10", c => c.SetAddressAsync("2001:DB8::10", None) },
        { "set smtp-helo mail.example.com", c => c.SetHeloAsync("mail.example.com", None) },
        { "set smtp-helo [192.0.2.11]", c => c.SetHeloAsync("[192.0.2.11]", None) },
        { "update apply /var/tmp/updates/x.pkg --sha256 " + Sha, c => c.ApplyUpdateAsync("/var/tmp/updates/x.pkg", Sha, None) },
        { "update apply /var/tmp/updates/x.pkg --sha256 " + Sha, c => c.ApplyUpdateAsync("/var/tmp/updates/x.pkg", Sha.ToUpperInvariant(), None) },
        { "restart", c => c.RestartAsync(None) },
    };

    [Theory]
    [MemberData(nameof(ValidOperations))]
    public async Task Valid_values_produce_exactly_the_protocol_command(string expected, Func<GatewayClient, Task> operation)
    {
        var (client, transport) = Create();

        await operation(client);

        Assert.Equal(new[] { expected }, transport.Commands);
    }

    public static IEnumerable<object[]> Injections()
    {
        var bad = new[] { "1; rm -rf /", "$(reboot)", "`reboot`", "x\nrestart", "\"x\"", "'x'", "a b", "..", "../../etc/passwd", "" };
        foreach (var value in bad)
        {
            yield return new object[] { "address " + value, (Func<GatewayClient, Task>)(c => c.SetAddressAsync(value, None)) };
            yield return new object[] { "virtual ip " + value, (Func<GatewayClient, Task>)(c => c.SetClusterModeAsync(ClusterMode.Master, value, None)) };
            yield return new object[] { "helo " + value, (Func<GatewayClient, Task>)(c => c.SetHeloAsync(value, None)) };
            if (value.Length == 0) continue; // appended to a valid path or digest, nothing is still valid
            yield return new object[] { "path " + value, (Func<GatewayClient, Task>)(c => c.ApplyUpdateAsync("/var/tmp/updates/" + value, Sha, None)) };
            yield return new object[] { "sha256 " + value, (Func<GatewayClient, Task>)(c => c.ApplyUpdateAsync("/var/tmp/updates/x.pkg", Sha + value, None)) };
        }
        yield return new object[] { "path empty", (Func<GatewayClient, Task>)(c => c.ApplyUpdateAsync("", Sha, None)) };
        yield return new object[] { "sha256 empty", (Func<GatewayClient, Task>)(c => c.ApplyUpdateAsync("/var/tmp/updates/x.pkg", "", None)) };
        yield return new object[] { "address 192.0.2.10; reboot", (Func<GatewayClient, Task>)(c => c.SetAddressAsync("192.0.2.10; reboot", None)) };
        yield return new object[] { "helo mail.example.com;reboot", (Func<GatewayClient, Task>)(c => c.SetHeloAsync("mail.example.com;reboot", None)) };
        yield return new object[] { "helo scmgateway", (Func<GatewayClient, Task>)(c => c.SetHeloAsync("scmgateway", None)) };
        yield return new object[] { "path trailing newline", (Func<GatewayClient, Task>)(c => c.ApplyUpdateAsync("/var/tmp/updates/x.pkg\n", Sha, None)) };
        yield return new object[] { "sha256 trailing newline", (Func<GatewayClient, Task>)(c => c.ApplyUpdateAsync("/var/tmp/updates/x.pkg", Sha + "\n", None)) };
        yield return new object[] { "path null", (Func<GatewayClient, Task>)(c => c.ApplyUpdateAsync(null!, Sha, None)) };
        yield return new object[] { "sha256 null", (Func<GatewayClient, Task>)(c => c.ApplyUpdateAsync("/var/tmp/updates/x.pkg", null!, None)) };
        yield return new object[] { "address null", (Func<GatewayClient, Task>)(c => c.SetAddressAsync(null!, None)) };
        yield return new object[] { "helo null", (Func<GatewayClient, Task>)(c => c.SetHeloAsync(null!, None)) };
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Unsafe_values_throw_ArgumentException_and_send_nothing(string description, Func<GatewayClient, Task> operation)
    {
        var (client, transport) = Create();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => operation(client));

        Assert.True(transport.Commands.Count == 0, $"{description}: sent {string.Join(" | ", transport.Commands)}");
    }

    [Theory]
    [InlineData(256)]
    [InlineData(-1)]
    public async Task Out_of_range_cluster_ids_throw_and_send_nothing(int id)
    {
        var (client, transport) = Create();

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SetClusterIdAsync(new ClusterId(id), None));

        Assert.Contains("0-255", ex.Message);
        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task Undefined_enum_values_throw_and_send_nothing()
    {
        var (client, transport) = Create();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.SetClusterModeAsync((ClusterMode)3 | (ClusterMode)4, null, None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.SetNetworkStateAsync((NetworkState)7, None));

        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task A_failed_command_becomes_GatewayCommandException_with_node_code_and_reason()
    {
        var (client, transport) = Create();
        transport.Reply("set network offline", new CommandResult(1, "", "error: busy: rebooting\n"));

        var ex = await Assert.ThrowsAsync<GatewayCommandException>(() => client.SetNetworkStateAsync(NetworkState.Offline, None));

        Assert.Equal("meg1", ex.Node);
        Assert.Equal("set network offline", ex.Command);
        Assert.Equal("busy", ex.Code);
        Assert.Equal("rebooting", ex.Reason);
        Assert.Contains("meg1", ex.Message);
        Assert.Contains("set network offline", ex.Message);
    }

    [Fact]
    public async Task A_failure_without_an_error_line_has_code_unknown()
    {
        var (client, transport) = Create();
        transport.Reply("restart", new CommandResult(137, "", "Killed\n"));

        var ex = await Assert.ThrowsAsync<GatewayCommandException>(() => client.RestartAsync(None));

        Assert.Equal("unknown", ex.Code);
        Assert.Equal("Killed", ex.Reason);
    }

    [Fact]
    public async Task GetStatus_parses_the_reply_and_stamps_node_and_time()
    {
        var (client, transport) = Create();
        transport.Reply("show status", CommandResult.Ok(Protocol.StatusDocumentTests.DesignSample));

        var node = await client.GetStatusAsync(None);

        Assert.Equal("meg1", node.ComputerName);
        Assert.Equal("meg1.example.com", node.Hostname);
        Assert.Equal(transport.FakeClock.Now, node.RetrievedAt);
        Assert.Equal(new[] { "show status" }, transport.Commands);
    }

    [Fact]
    public async Task A_repeated_reply_gives_a_node_of_its_own_each_time_and_a_changed_reply_is_read_afresh()
    {
        var (client, transport) = Create();
        transport.Reply("show status", CommandResult.Ok(Status(power: "updating")), CommandResult.Ok(Status(power: "updating")), CommandResult.Ok(Status("7.6.4 P4")));

        var first = await client.GetStatusAsync(None);
        first.Hostname = "changed by its reader";
        var second = await client.GetStatusAsync(None);
        var third = await client.GetStatusAsync(None);

        Assert.NotSame(first, second);
        Assert.Equal("meg1.example.com", second.Hostname);
        Assert.Equal(PowerState.Updating, second.Power);
        Assert.Equal(PowerState.Running, third.Power);
        Assert.Equal("7.6.4 P4", third.Build!.ToString());
    }

    [Fact]
    public async Task An_unparsable_status_becomes_a_command_exception_naming_the_problem()
    {
        var (client, transport) = Create();
        transport.Reply("show status", CommandResult.Ok("hostname: meg1\n"));

        var ex = await Assert.ThrowsAsync<GatewayCommandException>(() => client.GetStatusAsync(None));

        Assert.Equal("unparsable-status", ex.Code);
        Assert.Contains("'build'", ex.Reason);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public async Task A_cancelled_token_sends_nothing()
    {
        var (client, transport) = Create();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.RestartAsync(cancelled.Token));

        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task Commands_and_outcomes_are_logged()
    {
        var transport = new FakeTransport("meg1");
        transport.Reply("restart", CommandResult.Fail(ErrorCodes.Busy, "updating"));
        var log = new RecordingLog();
        var client = new GatewayClient(transport, log: log);

        await Assert.ThrowsAsync<GatewayCommandException>(() => client.RestartAsync(None));

        Assert.Contains(log.Verbose, m => m == "meg1: restart");
        Assert.Contains(log.Verbose, m => m.Contains("failed") && m.Contains("busy"));
        Assert.Contains(log.Debug, m => m.Contains("exit 1"));
    }

    [Fact]
    public async Task WaitFor_polls_until_the_condition_holds_on_the_transport_clock()
    {
        var (client, transport) = Create();
        transport.Reply("show status",
            CommandResult.Fail(ErrorCodes.Busy, "rebooting"),
            CommandResult.Fail(ErrorCodes.Unreachable, "no route"),
            CommandResult.Ok(Status(power: "updating")),
            CommandResult.Ok(Status(build: "7.6.4 P3")),
            CommandResult.Ok(Status(build: "7.6.4 P4")));
        var start = transport.FakeClock.Now;

        var node = await client.WaitForAsync(n => n.Build == GatewayBuild.Parse("7.6.4 P4"), "return on 7.6.4 P4",
            TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(10), None);

        Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), node.Build);
        Assert.Equal(5, transport.Commands.Count);
        Assert.All(transport.Commands, c => Assert.Equal("show status", c));
        Assert.Equal(4, transport.FakeClock.DelayCalls);
        Assert.Equal(start + TimeSpan.FromSeconds(40), transport.FakeClock.Now);
    }

    [Fact]
    public async Task WaitFor_does_not_accept_a_node_that_is_not_running()
    {
        var (client, transport) = Create();
        transport.Reply("show status", CommandResult.Ok(Status(power: "rebooting")), CommandResult.Ok(Status()));

        var node = await client.WaitForAsync(_ => true, "come back", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5), None);

        Assert.Equal(PowerState.Running, node.Power);
        Assert.Equal(2, transport.Commands.Count);
    }

    [Fact]
    public async Task WaitFor_times_out_with_code_timeout_and_the_last_problem()
    {
        var (client, transport) = Create();
        transport.Reply("show status", CommandResult.Fail(ErrorCodes.Busy, "rebooting"));
        var start = transport.FakeClock.Now;

        var ex = await Assert.ThrowsAsync<GatewayCommandException>(() =>
            client.WaitForAsync(_ => true, "return", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), None));

        Assert.Equal(ErrorCodes.Timeout, ex.Code);
        Assert.Equal("meg1", ex.Node);
        Assert.Contains("busy: rebooting", ex.Reason);
        Assert.Contains("return", ex.Reason);
        // Polled at 0, 30 s, ... 300 s, then gave up: no wait beyond the deadline.
        Assert.Equal(11, transport.Commands.Count);
        Assert.Equal(start + TimeSpan.FromMinutes(5), transport.FakeClock.Now);
    }

    [Fact]
    public async Task WaitFor_reports_the_last_build_seen_when_the_condition_never_holds()
    {
        var (client, transport) = Create();
        transport.Reply("show status", CommandResult.Ok(Status(build: "7.6.4 P3")));

        var ex = await Assert.ThrowsAsync<GatewayCommandException>(() =>
            client.WaitForAsync(n => n.Build == GatewayBuild.Parse("7.6.4 P4"), "return on 7.6.4 P4", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20), None));

        Assert.Equal(ErrorCodes.Timeout, ex.Code);
        Assert.Contains("7.6.4 P3", ex.Reason);
    }

    [Fact]
    public async Task WaitFor_honours_cancellation_between_polls()
    {
        var (client, transport) = Create();
        using var cancellation = new CancellationTokenSource();
        var polls = 0;
        transport.Fallback = line =>
        {
            if (++polls == 3) cancellation.Cancel();
            return CommandResult.Fail(ErrorCodes.Busy, "rebooting");
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.WaitForAsync(_ => true, "return", TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), cancellation.Token));

        Assert.Equal(3, transport.Commands.Count);
    }

    [Fact]
    public async Task Upload_sends_the_package_into_the_profile_directory()
    {
        var (client, transport) = Create();
        var path = Path.Combine(Path.GetTempPath(), $"egw-{Guid.NewGuid():N}.pkg");
        try
        {
            var package = UpdatePackage.Create(path, "MEG", GatewayBuild.Parse("7.6.4 P4"), 1000);
            var reported = new List<long>();

            var remote = await client.UploadPackageAsync(package, new SynchronousProgress(reported), None);

            Assert.Equal("/var/tmp/updates/" + Path.GetFileName(path), remote);
            var upload = Assert.Single(transport.Uploads);
            Assert.Equal(remote, upload.Path);
            Assert.Equal(File.ReadAllBytes(path), upload.Content);
            Assert.Equal(package.Length, reported.Last());
            Assert.Empty(transport.Commands);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Upload_refuses_a_file_name_that_is_not_safe_on_the_wire()
    {
        var (client, transport) = Create();
        var directory = Directory.CreateTempSubdirectory("egw-");
        var path = Path.Combine(directory.FullName, "update; reboot.pkg");
        try
        {
            var package = UpdatePackage.Create(path, "MEG", GatewayBuild.Parse("7.6.4 P4"), 10);

            await Assert.ThrowsAsync<ArgumentException>(() => client.UploadPackageAsync(package, null, None));

            Assert.Empty(transport.Uploads);
        }
        finally
        {
            directory.Delete(true);
        }
    }

    private sealed class SynchronousProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }

    private sealed class RecordingLog : IOperationLog
    {
        public List<string> Verbose { get; } = new();
        public List<string> Debug { get; } = new();
        public List<string> Warning { get; } = new();
        void IOperationLog.Verbose(string message) { lock (Verbose) Verbose.Add(message); }
        void IOperationLog.Debug(string message) { lock (Debug) Debug.Add(message); }
        void IOperationLog.Warning(string message) { lock (Warning) Warning.Add(message); }
    }
}
