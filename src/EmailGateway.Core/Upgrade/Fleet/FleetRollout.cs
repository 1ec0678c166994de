using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>
    /// Runs the upgrades of many clusters in waves: clusters refused before the rollout are skipped and
    /// reported; canaries run first, one at a time, and the rest start only if every canary succeeded; then
    /// up to the throttle's number of clusters run at once. Once <see cref="FleetPolicy.MaxFailedClusters"/>
    /// clusters have failed, no new cluster starts and running ones are asked to stop at their next safe
    /// point (each run honours cancellation only where the cluster is safe). Each cluster keeps its own
    /// plan, journal, lock and report: this class only decides which runs start when.
    /// </summary>
    public sealed class FleetRollout
    {
        private readonly FleetPolicy _policy;
        private readonly IFleetObserver _observer;

        public FleetRollout(FleetPolicy policy, IFleetObserver? observer = null)
        {
            _policy = policy ?? throw new ArgumentNullException(nameof(policy));
            _policy.Validate();
            _observer = observer ?? new NullFleetObserver();
        }

        /// <param name="run">Runs one cluster with the slot it occupies, and a token that asks it to stop at its next safe point.</param>
        public async Task<FleetReport> RunAsync(IReadOnlyList<FleetMember> members, Func<FleetMember, int, CancellationToken, Task<ClusterOutcome>> run,
            CancellationToken cancellationToken)
        {
            if (members is null) throw new ArgumentNullException(nameof(members));
            if (run is null) throw new ArgumentNullException(nameof(run));
            var wall = Stopwatch.StartNew();
            var state = new RolloutState(members, _policy, cancellationToken);
            var report = new FleetReport
            {
                TargetBuild = members.Select(m => m.Plan?.TargetBuild.ToString()).FirstOrDefault(b => b != null) ?? string.Empty,
                Strategy = members.Select(m => m.Plan?.Strategy.ToString()).FirstOrDefault(s => s != null) ?? string.Empty,
                ClusterThrottleLimit = _policy.ClusterThrottleLimit,
                CanaryCount = _policy.CanaryCount,
                MaxFailedClusters = _policy.MaxFailedClusters,
                StartedAt = DateTimeOffset.UtcNow,
                Clusters = state.Results.ToList(),
            };
            using (state)
            {
                foreach (var (member, result) in members.Zip(state.Results, (m, r) => (m, r)).Where(p => p.m.Refusal != null || p.m.IsCurrent))
                {
                    if (member.IsCurrent) result.State = FleetClusterState.Current;
                    else Skip(result, member.RefusalId!, member.Refusal!);
                    _observer.ClusterFinished(result, 0, ++state.Finished, members.Count);
                }

                var runnable = Enumerable.Range(0, members.Count).Where(i => members[i].Refusal is null && !members[i].IsCurrent).ToList();
                var canaries = runnable.Take(_policy.CanaryCount).ToList();
                foreach (var index in canaries)
                {
                    if (state.HaltReason != null) break;
                    var result = await RunOneAsync(state, index, 0, canary: true, run).ConfigureAwait(false);
                    if (result.State != FleetClusterState.Upgraded && state.HaltReason is null)
                        state.Halt($"canary {result.Cluster} did not succeed ({result.State}), so no other cluster started");
                }

                var pending = new Queue<int>(runnable.Skip(canaries.Count));
                var running = new Dictionary<Task<FleetClusterResult>, int>();
                var freeSlots = new SortedSet<int>(Enumerable.Range(0, _policy.ClusterThrottleLimit));
                while (true)
                {
                    while (state.HaltReason is null && pending.Count > 0 && freeSlots.Count > 0)
                    {
                        var slot = freeSlots.Min;
                        freeSlots.Remove(slot);
                        running.Add(RunOneAsync(state, pending.Dequeue(), slot, canary: false, run), slot);
                    }
                    if (running.Count == 0) break;
                    var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                    freeSlots.Add(running[done]);
                    running.Remove(done);
                    await done.ConfigureAwait(false);
                }

                foreach (var index in pending.Concat(runnable).Distinct().Where(i => state.Results[i].Order == 0))
                    state.Results[index].Reason ??= "The rollout halted before it started: " + state.HaltReason + ".";
            }

            report.EndedAt = DateTimeOffset.UtcNow;
            report.WallSeconds = Math.Round(wall.Elapsed.TotalSeconds, 4);
            report.WindowSeconds = FleetWindow.Seconds(report.Clusters.Where(c => c.Order > 0).OrderBy(c => c.Order).Select(c => c.DurationSeconds),
                _policy.ClusterThrottleLimit, report.Clusters.Count(c => c.Canary));
            report.HaltReason = state.HaltReason;
            report.Result = cancellationToken.IsCancellationRequested ? FleetResult.Stopped
                : report.Failed > 0 || report.Stopped > 0 ? FleetResult.Failed
                : report.Upgraded + report.Current == report.Total ? FleetResult.Succeeded : FleetResult.Incomplete;
            report.NextAction = NextAction(report);
            return report;
        }

        private async Task<FleetClusterResult> RunOneAsync(RolloutState state, int index, int slot, bool canary,
            Func<FleetMember, int, CancellationToken, Task<ClusterOutcome>> run)
        {
            var member = state.Members[index];
            var result = state.Results[index];
            result.Order = Interlocked.Increment(ref state.Started);
            result.Canary = canary;
            _observer.ClusterStarting(member, slot, result.Order, state.Members.Count);
            try
            {
                var outcome = await Task.Run(() => run(member, slot, state.Halting.Token)).ConfigureAwait(false);
                if (outcome.Report is null) Skip(result, outcome.RefusalId ?? "Refused", outcome.Refusal ?? "The run was refused.");
                else Record(result, outcome.Report);
            }
            catch (OperationCanceledException) when (state.Halting.IsCancellationRequested)
            {
                result.State = FleetClusterState.Stopped;
                result.Reason = "Stopped before its first step: " + (state.HaltReason ?? "stopped on request") + ".";
            }
            catch (Exception ex)
            {
                result.State = FleetClusterState.Failed;
                result.Reason = ex.Message;
            }
            if (result.State == FleetClusterState.Failed && state.CountFailure() >= _policy.MaxFailedClusters)
                state.Halt($"{_policy.MaxFailedClusters} cluster(s) failed (MaxFailedClusters), so no other cluster started and the ones under way stopped at a safe point");
            _observer.ClusterFinished(result, slot, Interlocked.Increment(ref state.Finished), state.Members.Count);
            return result;
        }

        private static void Record(FleetClusterResult result, UpgradeReport report)
        {
            result.Report = report;
            result.State = report.Result switch
            {
                UpgradeResult.Succeeded => FleetClusterState.Upgraded,
                UpgradeResult.Failed => FleetClusterState.Failed,
                UpgradeResult.Stopped => FleetClusterState.Stopped,
                _ => FleetClusterState.Skipped,
            };
            if (result.State != FleetClusterState.Upgraded) result.Reason = report.Error ?? report.NextAction;
        }

        private static void Skip(FleetClusterResult result, string reasonId, string reason)
        {
            result.State = FleetClusterState.Skipped;
            result.ReasonId = reasonId;
            result.Reason = reason;
        }

        private static string? NextAction(FleetReport report)
        {
            var actions = new List<string>();
            if (report.Failed + report.Stopped > 0)
                actions.Add($"{report.Failed + report.Stopped} cluster(s) stopped in a safe state: fix the cause, then {ResumeCommand(report)} continues each from its journal");
            if (report.Skipped > 0) actions.Add($"{report.Skipped} cluster(s) were skipped and left as they were: see each one's Reason");
            if (report.NotStarted > 0) actions.Add($"{report.NotStarted} cluster(s) never started: run the rollout again once the halt's cause is fixed (clusters already on the target do nothing)");
            if (actions.Count == 0 && report.Total > 0 && report.Current == report.Total)
                return "Nothing to do: every cluster already runs its target build, and nothing was changed.";
            return actions.Count == 0 ? null : string.Join("; ", actions) + ".";
        }

        /// <summary>The command that continues the stopped clusters: over their journals' folder when they share one.</summary>
        private static string ResumeCommand(FleetReport report)
        {
            var folders = report.Clusters.Where(c => c.State == FleetClusterState.Failed || c.State == FleetClusterState.Stopped)
                .Select(c => c.Report?.JournalPath).Where(p => !string.IsNullOrEmpty(p)).Select(p => System.IO.Path.GetDirectoryName(p!)).Distinct().ToList();
            return folders.Count == 1 && !string.IsNullOrEmpty(folders[0]) ? RunStanding.ResumeCommand(folders[0]) : "Invoke-GatewayClusterUpgrade -Resume";
        }

        /// <summary>The rollout's bookkeeping, shared by the runs under way.</summary>
        private sealed class RolloutState : IDisposable
        {
            private readonly object _gate = new object();
            private int _failures;
            private string? _haltReason;

            public RolloutState(IReadOnlyList<FleetMember> members, FleetPolicy policy, CancellationToken cancellationToken)
            {
                Members = members;
                Results = members.Select(m => new FleetClusterResult(m.Cluster)).ToList();
                Halting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Halting.Token.Register(() => { lock (_gate) _haltReason ??= "the rollout was stopped on request"; });
            }

            public IReadOnlyList<FleetMember> Members { get; }
            public IReadOnlyList<FleetClusterResult> Results { get; }

            /// <summary>Cancelled when the rollout halts or is stopped: runs under way stop at their next safe point.</summary>
            public CancellationTokenSource Halting { get; }

            public int Started;
            public int Finished;

            public string? HaltReason
            {
                get { lock (_gate) return _haltReason; }
            }

            public int CountFailure()
            {
                lock (_gate) return ++_failures;
            }

            public void Halt(string reason)
            {
                lock (_gate) _haltReason ??= reason;
                Halting.Cancel();
            }

            public void Dispose() => Halting.Dispose();
        }
    }
}
