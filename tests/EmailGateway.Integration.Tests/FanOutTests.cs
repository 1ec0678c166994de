using System.Diagnostics;
using EmailGateway.Execution;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests;

/// <summary>Many appliances at once: 40 addresses behind three sshd processes.</summary>
public sealed class FanOutTests : IClassFixture<FanOutTests.Fleet>
{
    private readonly Fleet _fleet;

    public FanOutTests(Fleet fleet) => _fleet = fleet;

    [SshdFact]
    public async Task Forty_appliances_answer_in_parallel_over_reused_connections()
    {
        var sessions = await _fleet.OpenAllAsync();
        try
        {
            var first = FanOut.Run(sessions, s => s.ComputerName, (s, token) => s.CreateClient().GetStatusAsync(token), FanOut.DefaultThrottleLimit, CancellationToken.None).ToList();
            Assert.All(first, outcome => Assert.True(outcome.Succeeded, outcome.Error?.ToString()));
            Assert.Equal(Fleet.Size, first.Select(o => o.Value!.Hostname).Distinct().Count());
            Assert.Equal(Fleet.Size / 4, first.Select(o => o.Value!.ClusterId).Distinct().Count());

            var established = _fleet.EstablishedConnections();
            var second = FanOut.Run(sessions, s => s.ComputerName, (s, token) => s.CreateClient().GetStatusAsync(token), FanOut.DefaultThrottleLimit, CancellationToken.None).ToList();
            Assert.All(second, outcome => Assert.True(outcome.Succeeded, outcome.Error?.ToString()));
            Assert.Equal(established, _fleet.EstablishedConnections());
            Assert.Equal(Fleet.Size, established);
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }

    [SshdFact]
    public async Task Stopping_a_fan_out_ends_every_command_promptly_and_leaves_no_connection_behind()
    {
        var sessions = await _fleet.OpenAllAsync();
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var outcomes = new List<NodeOutcome<Protocol.CommandResult>>();
        stop.CancelAfter(TimeSpan.FromSeconds(1.5));
        foreach (var outcome in FanOut.Run(sessions, s => s.ComputerName, (s, token) => s.Transport.ExecuteAsync($"test sleep {Sleep.TotalSeconds}", token), FanOut.DefaultThrottleLimit, stop.Token))
            outcomes.Add(outcome);
        // Every command was stopped, not finished (a finished one would have answered "slept")...
        Assert.Equal(Fleet.Size, outcomes.Count);
        Assert.All(outcomes, outcome => Assert.IsAssignableFrom<OperationCanceledException>(outcome.Error));
        // ...and none was waited for: the bound is far above what stopping takes even on a loaded machine,
        // and far below the commands' sleep.
        Assert.True(watch.Elapsed < Sleep / 5, $"stopping took {watch.Elapsed}");

        foreach (var session in sessions) session.Dispose();
        for (var i = 0; i < 50 && _fleet.EstablishedConnections() > 0; i++) await Task.Delay(200);
        Assert.Equal(0, _fleet.EstablishedConnections());
    }

    private static readonly TimeSpan Sleep = TimeSpan.FromMinutes(10);

    public sealed class Fleet : IDisposable
    {
        public const int Size = 40;
        private readonly ApplianceLab _lab = ApplianceLab.Start(Size, firstOctet: 100, new[] { "--fleet", Size.ToString() }, testCommands: true);

        public async Task<IReadOnlyList<GatewaySession>> OpenAllAsync()
        {
            var targets = Enumerable.Range(0, Size).Select(i => new SshSessionTarget(_lab.Settings(i), Profiles.DeviceProfile.Default)).ToList();
            var outcomes = FanOut.Run(targets, t => t.Name, (t, token) => SshSessionFactory.OpenAsync(t, null, token), FanOut.DefaultThrottleLimit, CancellationToken.None).ToList();
            var failed = outcomes.Where(o => !o.Succeeded).ToList();
            if (failed.Count > 0)
            {
                foreach (var o in outcomes.Where(o => o.Succeeded)) o.Value!.Dispose();
                throw new InvalidOperationException("sessions failed: " + string.Join("; ", failed.Select(f => f.Error!.Message)));
            }
            return await Task.FromResult(outcomes.Select(o => o.Value!).OrderBy(s => s.ComputerName).ToList());
        }

        /// <summary>Client connections to the fleet's sshd port that are open now.</summary>
        public int EstablishedConnections() =>
            int.Parse(Shell.Run("sh", "-c", $"ss -Htn state established '( dport = :{_lab.Cluster.Port} )' | wc -l").Trim());

        public void Dispose() => _lab.Dispose();
    }
}
