using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Reporting;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>The wave policy and the failure policy of a rollout, on runs that only report what they were told to.</summary>
    public sealed class FleetRolloutTests
    {
        private static IReadOnlyList<FleetMember> Sites(int count) =>
            Enumerable.Range(1, count).Select(i => new FleetMember(new ClusterKey($"site-{i:000}", new ClusterId(12)))).ToList();

        private static UpgradeReport Report(FleetMember member, UpgradeResult result, double seconds = 600, double outage = 6, long rejected = 0)
        {
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            return new UpgradeReport
            {
                ClusterId = member.Cluster.Id, Segment = member.Cluster.Segment, Result = result,
                StartedAt = start, EndedAt = start.AddSeconds(seconds), OutageSeconds = outage, RejectedDeliveries = rejected,
                Error = result == UpgradeResult.Succeeded ? null : "step 3 failed",
            };
        }

        /// <summary>Runs that succeed except where told, count how many run at once, and stop when asked (as a run stops at a safe point).</summary>
        private sealed class FakeRuns
        {
            private int _running;
            public int MostAtOnce;
            public ConcurrentQueue<string> Started { get; } = new ConcurrentQueue<string>();
            public HashSet<string> Failing { get; } = new HashSet<string>();
            public Func<FleetMember, CancellationToken, Task>? Hold { get; set; }

            public async Task<ClusterOutcome> Run(FleetMember member, int slot, CancellationToken token)
            {
                Started.Enqueue(member.Cluster.Segment);
                var now = Interlocked.Increment(ref _running);
                lock (this) MostAtOnce = Math.Max(MostAtOnce, now);
                try
                {
                    await Task.Delay(20).ConfigureAwait(false);
                    if (Hold != null)
                    {
                        try { await Hold(member, token).ConfigureAwait(false); }
                        catch (OperationCanceledException) { return ClusterOutcome.Ran(Report(member, UpgradeResult.Stopped)); }
                    }
                    return ClusterOutcome.Ran(Report(member, Failing.Contains(member.Cluster.Segment) ? UpgradeResult.Failed : UpgradeResult.Succeeded));
                }
                finally
                {
                    Interlocked.Decrement(ref _running);
                }
            }
        }

        [Fact]
        public async Task Clusters_run_one_at_a_time_by_default_and_the_summary_adds_them_up()
        {
            var runs = new FakeRuns();
            var report = await new FleetRollout(new FleetPolicy()).RunAsync(Sites(4), runs.Run, CancellationToken.None);
            Assert.Equal(1, runs.MostAtOnce);
            Assert.Equal(new[] { "site-001", "site-002", "site-003", "site-004" }, runs.Started);
            Assert.Equal(FleetResult.Succeeded, report.Result);
            Assert.Equal((4, 4, 0), (report.Total, report.Upgraded, report.Failed));
            Assert.Equal(24, report.OutageSeconds);
            Assert.Equal(0, report.RejectedDeliveries);
            Assert.Equal(2400, report.WindowSeconds);
            Assert.Equal(new[] { 1, 2, 3, 4 }, report.Clusters.Select(c => c.Order));
            Assert.Null(report.NextAction);
        }

        [Fact]
        public async Task The_throttle_bounds_how_many_clusters_run_at_once()
        {
            var runs = new FakeRuns();
            var report = await new FleetRollout(new FleetPolicy { ClusterThrottleLimit = 3 }).RunAsync(Sites(9), runs.Run, CancellationToken.None);
            Assert.Equal(3, runs.MostAtOnce);
            Assert.Equal(9, report.Upgraded);
            Assert.Equal(1800, report.WindowSeconds);
        }

        [Fact]
        public async Task A_cluster_refused_before_the_rollout_is_reported_and_skipped_and_the_others_go_on()
        {
            var runs = new FakeRuns();
            var sites = Sites(3);
            sites[1].Refuse("PreflightFailed", "The upgrade of cluster 12 in segment site-002 did not pass its preflight: OneMaster: 2 masters.");
            var report = await new FleetRollout(new FleetPolicy()).RunAsync(sites, runs.Run, CancellationToken.None);
            Assert.Equal(new[] { "site-001", "site-003" }, runs.Started);
            var skipped = report.Clusters[1];
            Assert.Equal((FleetClusterState.Skipped, "PreflightFailed"), (skipped.State, skipped.ReasonId));
            Assert.Contains("OneMaster", skipped.Reason);
            Assert.Equal(FleetResult.Incomplete, report.Result);
            Assert.Contains("1 cluster(s) were skipped", report.NextAction);
        }

        [Fact]
        public async Task A_run_refused_on_its_way_is_skipped_too_and_does_not_count_as_a_failure()
        {
            var sites = Sites(3);
            var report = await new FleetRollout(new FleetPolicy()).RunAsync(sites, (m, slot, token) => Task.FromResult(
                m.Cluster.Segment == "site-001" ? ClusterOutcome.Refused("RunLockHeld", "Another upgrade run holds the lock.") : ClusterOutcome.Ran(Report(m, UpgradeResult.Succeeded))),
                CancellationToken.None);
            Assert.Equal(new[] { FleetClusterState.Skipped, FleetClusterState.Upgraded, FleetClusterState.Upgraded }, report.Clusters.Select(c => c.State));
            Assert.Equal("RunLockHeld", report.Clusters[0].ReasonId);
        }

        [Fact]
        public async Task Clusters_already_on_the_target_are_reported_current_and_not_run()
        {
            var runs = new FakeRuns();
            var sites = Sites(2);
            sites[0].MarkCurrent();
            var report = await new FleetRollout(new FleetPolicy()).RunAsync(sites, runs.Run, CancellationToken.None);
            Assert.Equal(new[] { "site-002" }, runs.Started);
            Assert.Equal((1, 1, FleetResult.Succeeded), (report.Current, report.Upgraded, report.Result));
        }

        [Fact]
        public async Task Canaries_run_alone_first_and_the_rest_only_if_every_canary_succeeded()
        {
            var runs = new FakeRuns();
            var report = await new FleetRollout(new FleetPolicy { ClusterThrottleLimit = 4, CanaryCount = 2 }).RunAsync(Sites(10), runs.Run, CancellationToken.None);
            Assert.Equal(new[] { "site-001", "site-002" }, runs.Started.Take(2));
            Assert.Equal(new[] { true, true, false }, report.Clusters.Take(3).Select(c => c.Canary));
            Assert.Equal(10, report.Upgraded);
            // Two canaries one after another (1200 s), then 8 runs on 4 slots (1200 s).
            Assert.Equal(2400, report.WindowSeconds);

            var failing = new FakeRuns();
            failing.Failing.Add("site-002");
            var halted = await new FleetRollout(new FleetPolicy { ClusterThrottleLimit = 4, CanaryCount = 2, MaxFailedClusters = 5 }).RunAsync(Sites(10), failing.Run, CancellationToken.None);
            Assert.Equal(new[] { "site-001", "site-002" }, failing.Started);
            Assert.Equal((1, 1, 8), (halted.Upgraded, halted.Failed, halted.NotStarted));
            Assert.Contains("canary cluster 12 in segment site-002 did not succeed", halted.HaltReason);
            Assert.All(halted.Clusters.Skip(2), c => Assert.StartsWith("The rollout halted before it started", c.Reason));
            Assert.Equal(FleetResult.Failed, halted.Result);
        }

        [Fact]
        public async Task After_MaxFailedClusters_no_cluster_starts()
        {
            var runs = new FakeRuns();
            runs.Failing.Add("site-001");
            runs.Failing.Add("site-003");
            var report = await new FleetRollout(new FleetPolicy { MaxFailedClusters = 2 }).RunAsync(Sites(6), runs.Run, CancellationToken.None);
            Assert.Equal(new[] { "site-001", "site-002", "site-003" }, runs.Started);
            Assert.Equal(new[] { FleetClusterState.Failed, FleetClusterState.Upgraded, FleetClusterState.Failed, FleetClusterState.NotStarted, FleetClusterState.NotStarted, FleetClusterState.NotStarted },
                report.Clusters.Select(c => c.State));
            Assert.Contains("2 cluster(s) failed (MaxFailedClusters)", report.HaltReason);
            Assert.Equal(FleetResult.Failed, report.Result);
            Assert.Contains("-Resume", report.NextAction);
            Assert.Contains("3 cluster(s) never started", report.NextAction);
        }

        [Fact]
        public async Task Once_the_rollout_halts_the_clusters_under_way_stop_at_their_next_safe_point()
        {
            var runs = new FakeRuns();
            runs.Failing.Add("site-001");
            // site-002 and site-003 are under way until they are asked to stop, as a run stops at its next safe point.
            runs.Hold = (m, token) => m.Cluster.Segment == "site-001" ? Task.CompletedTask : Task.Delay(Timeout.Infinite, token);
            var report = await new FleetRollout(new FleetPolicy { ClusterThrottleLimit = 3 }).RunAsync(Sites(8), runs.Run, CancellationToken.None);
            Assert.Equal(new[] { FleetClusterState.Failed, FleetClusterState.Stopped, FleetClusterState.Stopped }, report.Clusters.Take(3).Select(c => c.State));
            Assert.True(report.Clusters.Skip(3).All(c => c.State == FleetClusterState.NotStarted), string.Join(", ", report.Clusters));
            Assert.Equal(3, runs.Started.Count);
            Assert.Contains("1 cluster(s) failed (MaxFailedClusters)", report.HaltReason);
        }

        [Fact]
        public async Task A_failed_cluster_holds_no_other_back_below_MaxFailedClusters()
        {
            var runs = new FakeRuns();
            runs.Failing.Add("site-002");
            var report = await new FleetRollout(new FleetPolicy { ClusterThrottleLimit = 2, MaxFailedClusters = 2 }).RunAsync(Sites(6), runs.Run, CancellationToken.None);
            Assert.Equal((5, 1, 0), (report.Upgraded, report.Failed, report.NotStarted));
            Assert.Null(report.HaltReason);
            Assert.Equal("step 3 failed", report.Clusters[1].Reason);
        }

        [Fact]
        public async Task A_stop_on_request_stops_the_runs_under_way_and_starts_no_other()
        {
            using var stop = new CancellationTokenSource();
            var runs = new FakeRuns { Hold = (m, token) => { stop.Cancel(); return Task.Delay(Timeout.Infinite, token); } };
            var report = await new FleetRollout(new FleetPolicy()).RunAsync(Sites(3), runs.Run, stop.Token);
            Assert.Equal(new[] { FleetClusterState.Stopped, FleetClusterState.NotStarted, FleetClusterState.NotStarted }, report.Clusters.Select(c => c.State));
            Assert.Equal(FleetResult.Stopped, report.Result);
            Assert.Equal("the rollout was stopped on request", report.HaltReason);
        }

        [Fact]
        public async Task A_run_that_throws_counts_as_failed_with_its_message()
        {
            var report = await new FleetRollout(new FleetPolicy { MaxFailedClusters = 3 }).RunAsync(Sites(2),
                (m, slot, token) => m.Cluster.Segment == "site-001" ? throw new InvalidOperationException("the session closed") : Task.FromResult(ClusterOutcome.Ran(Report(m, UpgradeResult.Succeeded))),
                CancellationToken.None);
            Assert.Equal((FleetClusterState.Failed, "the session closed"), (report.Clusters[0].State, report.Clusters[0].Reason));
            Assert.Equal(FleetClusterState.Upgraded, report.Clusters[1].State);
        }

        [Theory]
        [InlineData(0, 0, 1)]
        [InlineData(65, 0, 1)]
        [InlineData(1, -1, 1)]
        [InlineData(1, 0, 0)]
        public void A_policy_out_of_range_is_refused_with_the_reason(int throttle, int canaries, int maxFailed)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FleetRollout(new FleetPolicy { ClusterThrottleLimit = throttle, CanaryCount = canaries, MaxFailedClusters = maxFailed }));
            var expected = throttle is < 1 or > 64 ? nameof(FleetPolicy.ClusterThrottleLimit) : canaries < 0 ? nameof(FleetPolicy.CanaryCount) : nameof(FleetPolicy.MaxFailedClusters);
            Assert.Equal(expected, ex.ParamName);
            Assert.Contains(expected, ex.Message);
        }

        [Theory]
        [InlineData(new double[] { 10, 10, 10, 10, 10 }, 1, 0, 50)]
        [InlineData(new double[] { 10, 10, 10, 10, 10 }, 5, 0, 10)]
        [InlineData(new double[] { 10, 10, 10, 10, 10 }, 5, 2, 30)]
        [InlineData(new double[] { 30, 10, 10, 10 }, 2, 0, 30)]
        [InlineData(new double[] { }, 3, 1, 0)]
        public void The_window_lays_runs_end_to_end_as_the_waves_ran_them(double[] durations, int throttle, int canaries, double expected) =>
            Assert.Equal(expected, FleetWindow.Seconds(durations, throttle, canaries));
    }
}
