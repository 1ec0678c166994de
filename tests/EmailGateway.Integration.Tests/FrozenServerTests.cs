using System.Diagnostics;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Profiles;
using EmailGateway.Protocol;
using EmailGateway.Transport.Ssh;
using Xunit.Abstractions;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// A hung appliance: its sshd processes stopped with SIGSTOP after the session opened. Every wait on the
/// server is bounded by the command timeout (plus <see cref="ExecChannel.AnswerGrace"/> when a running
/// command's cancellation goes unanswered); the connection is then dropped and reopened on next use.
/// </summary>
public sealed class FrozenServerTests : IClassFixture<FrozenServerTests.FrozenLab>
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Scheduling on a loaded machine, on top of the documented bound.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    private readonly FrozenLab _lab;
    private readonly ITestOutputHelper _output;

    public FrozenServerTests(FrozenLab lab, ITestOutputHelper output)
    {
        _lab = lab;
        _output = output;
    }

    [SshdFact]
    public async Task A_command_on_a_frozen_server_times_out_and_the_connection_is_reopened_on_next_use()
    {
        using var transport = new SshTransport(_lab.Settings(0));
        Assert.True((await transport.ExecuteAsync("show status", CancellationToken.None)).Succeeded);

        var (error, took) = await WhileFrozen(() => transport.ExecuteAsync("show status", CancellationToken.None), transport);

        AssertTimeout(error, took, CommandTimeout, "meg1");
        Assert.True((await transport.ExecuteAsync("show status", CancellationToken.None)).Succeeded);
        Assert.True(transport.IsConnected);
    }

    [SshdFact]
    public async Task A_server_frozen_while_a_command_runs_gets_the_grace_to_answer_and_is_then_dropped()
    {
        using var transport = new SshTransport(_lab.Settings(1));
        await transport.ConnectAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var running = transport.ExecuteAsync("test sleep 30", CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the command's channel is open and it runs
        Assert.False(running.IsCompleted);

        var (error, took) = await WhileFrozen(() => running, transport, since: watch);

        AssertTimeout(error, took, CommandTimeout + ExecChannel.AnswerGrace, "meg2");
        Assert.True((await transport.ExecuteAsync("show status", CancellationToken.None)).Succeeded);
    }

    [SshdFact]
    public async Task A_shell_on_a_frozen_server_times_out_and_the_connection_is_reopened()
    {
        var profile = DeviceProfile.Parse("name: shell-cli\nchannel: shell\nprompt: '^[\\w.-]+> $'\n", "shell test profile");
        using var transport = new SshTransport(_lab.Settings(2), profile);
        Assert.True((await transport.ExecuteAsync("show status", CancellationToken.None)).Succeeded);

        var (error, took) = await WhileFrozen(() => transport.ExecuteAsync("show status", CancellationToken.None), transport);

        AssertTimeout(error, took, CommandTimeout, "meg3");
        Assert.True((await transport.ExecuteAsync("show status", CancellationToken.None)).Succeeded);
    }

    [SshdFact]
    public async Task An_upload_to_a_frozen_server_times_out_and_the_next_upload_reconnects()
    {
        using var transport = new SshTransport(_lab.Settings(3));
        await Upload(transport, "first.bin");

        var (error, took) = await WhileFrozen(() => Upload(transport, "second.bin"), transport);

        AssertTimeout(error, took, CommandTimeout, "meg4");
        await Upload(transport, "third.bin");
    }

    [SshdFact]
    public async Task Connecting_to_a_frozen_server_ends_within_the_connect_timeout()
    {
        var settings = _lab.Settings(0);
        settings.ConnectTimeout = TimeSpan.FromSeconds(3);
        using var transport = new SshTransport(settings);
        SshUnreachableException error;
        var watch = Stopwatch.StartNew();
        using (_lab.Lab.Cluster.Freeze())
            error = await Assert.ThrowsAsync<SshUnreachableException>(() => transport.ConnectAsync(CancellationToken.None));
        _output.WriteLine($"connect: failed after {watch.Elapsed.TotalSeconds:0.00} s (connect timeout {settings.ConnectTimeout.TotalSeconds:0} s): {error.Message}");
        Assert.InRange(watch.Elapsed, settings.ConnectTimeout - Slack, settings.ConnectTimeout + Slack);
        Assert.Contains("3 s", error.Message);
    }

    /// <summary>
    /// Runs the call with the servers frozen; they are thawed before this returns, whatever happens.
    /// Returns the error and the time until it came, from the freeze or from <paramref name="since"/>'s start.
    /// </summary>
    private async Task<(GatewayCommandException Error, TimeSpan Took)> WhileFrozen(Func<Task> call, SshTransport transport, Stopwatch? since = null)
    {
        using (_lab.Lab.Cluster.Freeze())
        {
            var watch = since ?? Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<GatewayCommandException>(call);
            var took = watch.Elapsed;
            Assert.False(transport.IsConnected, "the dead connection was dropped");
            return (error, took);
        }
    }

    private void AssertTimeout(GatewayCommandException error, TimeSpan took, TimeSpan bound, string appliance)
    {
        _output.WriteLine($"{appliance}: failed after {took.TotalSeconds:0.00} s (bound {bound.TotalSeconds:0.#} s + {Slack.TotalSeconds:0.#} s slack): {error.Message}");
        Assert.Equal(ErrorCodes.Timeout, error.Code);
        Assert.Contains(appliance, error.Message);
        Assert.Contains($"{CommandTimeout.TotalSeconds:0} s", error.Message);
        Assert.InRange(took, CommandTimeout - TimeSpan.FromSeconds(0.5), bound + Slack);
    }

    private static async Task Upload(SshTransport transport, string name)
    {
        using var content = new MemoryStream(new byte[200_000]);
        await transport.UploadAsync(content, "/var/tmp/updates/" + name, null, CancellationToken.None);
    }

    public sealed class FrozenLab : IDisposable
    {
        public ApplianceLab Lab { get; } = ApplianceLab.Start(4, firstOctet: 236, new[] { "--fleet", "4" }, testCommands: true);

        public SshConnectionSettings Settings(int index)
        {
            var settings = Lab.Settings(index);
            settings.CommandTimeout = CommandTimeout;
            return settings;
        }

        public void Dispose() => Lab.Dispose();
    }
}
