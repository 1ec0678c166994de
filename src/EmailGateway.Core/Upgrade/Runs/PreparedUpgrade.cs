using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Transport;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Runs
{
    /// <summary>Who hears of a run: the single cluster's observer, the rollout's, and one per cluster of a rollout (by slot).</summary>
    public sealed class UpgradeObservers
    {
        public UpgradeObservers(IUpgradeObserver cluster, IFleetObserver fleet, Func<int, ClusterKey, IUpgradeObserver> forCluster)
        {
            Cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
            Fleet = fleet ?? throw new ArgumentNullException(nameof(fleet));
            ForCluster = forCluster ?? throw new ArgumentNullException(nameof(forCluster));
        }

        public IUpgradeObserver Cluster { get; }
        public IFleetObserver Fleet { get; }
        public Func<int, ClusterKey, IUpgradeObserver> ForCluster { get; }
    }

    /// <summary>
    /// What an upgrade request prepared into: one cluster's run, or a rollout over several with its policy.
    /// Either is confirmed, listed for -WhatIf and carried out the same way; the outcome says what to tell.
    /// </summary>
    public sealed class PreparedUpgrade
    {
        private readonly FleetPolicy _policy;
        private readonly bool _rehearse;

        internal PreparedUpgrade(PreparedRun? run, PreparedFleet? fleet, FleetPolicy policy, bool rehearse)
        {
            (Run, Fleet, _policy, _rehearse) = (run, fleet, policy, rehearse);
            if ((run is null) == (fleet is null)) throw new ArgumentException("An upgrade is one cluster's run or a rollout.");
        }

        public PreparedRun? Run { get; }
        public PreparedFleet? Fleet { get; }

        /// <summary>Said first when every cluster of a rollout already runs its target build; null otherwise.</summary>
        public string? NothingToDo =>
            Fleet is { NothingToDo: true } fleet ? $"Every cluster ({fleet.Members.Count}) already runs its target build: nothing to do, nothing is changed." : null;

        /// <summary>False when nothing would run (every cluster of a rollout current or skipped): nothing to confirm.</summary>
        public bool HasWork => Run != null || Fleet!.Runnable.Count > 0;

        /// <summary>What is acted on and what is done, for the confirmation prompt.</summary>
        public string Target => Run?.Target ?? Fleet!.Target;
        public string Action => Run?.Action ?? Fleet!.Action(_policy);

        /// <summary>Each step that would run, for -WhatIf (in a rollout, prefixed with its cluster).</summary>
        public IEnumerable<(string Target, string Action)> StepActions => Run?.StepActions ?? Fleet!.StepActions;

        /// <summary>The clusters a rollout leaves out before it starts, one refusal each (for -WhatIf; a run reports them in its summary).</summary>
        public IEnumerable<Refusal> Skipped =>
            Fleet?.Members.Where(m => m.Refusal != null).Select(m => FleetErrors.Skipped(m.Cluster, m.RefusalId, m.Refusal)) ?? Enumerable.Empty<Refusal>();

        /// <summary>Carries the run or the rollout out. A refusal before any change is thrown as a <see cref="RefusedException"/>.</summary>
        /// <param name="twins">Makes the lab twins a rehearsal runs on (only used, and only needed, when the run rehearses).</param>
        public async Task<UpgradeOutcome> ExecuteAsync(UpgradeObservers observers, IOperationLog log, IUpgradeTwinFactory? twins, CancellationToken cancellationToken)
        {
            if (Fleet != null)
            {
                var rollout = await Fleet.ExecuteAsync(_policy, observers.Fleet, observers.ForCluster, log, twins, _rehearse, cancellationToken).ConfigureAwait(false);
                return UpgradeOutcome.Of(rollout, cancellationToken.IsCancellationRequested);
            }
            try
            {
                var report = await Run!.ExecuteAsync(observers.Cluster, log, twins, cancellationToken).ConfigureAwait(false);
                return UpgradeOutcome.Of(report, cancellationToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped while rehearsing or reading the nodes, before the first command.
                return UpgradeOutcome.StoppedEarly(Run!.IsResume
                    ? $"Stopped before resuming: nothing was changed since the run stopped. To continue: {RunStanding.ResumeCommand(Run.JournalPath)}"
                    : "Stopped before the first step (while rehearsing or reading the nodes): nothing was changed on the nodes.");
            }
        }
    }

    /// <summary>
    /// What to tell of a finished (or stopped) upgrade, in order: the report or the rollout's summary, the
    /// warnings (the last of them where a stopped run stands and the command that continues it), and one error
    /// per failure. After Ctrl+C only where the run stands is told: PowerShell has closed the other streams.
    /// </summary>
    public sealed class UpgradeOutcome
    {
        private UpgradeOutcome(UpgradeReport? report, FleetReport? fleet, bool stoppedByUser, string? stopMessage, IReadOnlyList<string> warnings, IReadOnlyList<Refusal> errors)
        {
            (Report, Fleet, StoppedByUser, StopMessage, Errors) = (report, fleet, stoppedByUser, stopMessage, errors);
            Warnings = stopMessage is null ? warnings : warnings.Concat(new[] { stopMessage }).ToList();
        }

        /// <summary>The run's report to write; null for a rollout and after Ctrl+C.</summary>
        public UpgradeReport? Report { get; }

        /// <summary>The rollout's summary to write; null for one cluster's run and after Ctrl+C.</summary>
        public FleetReport? Fleet { get; }

        /// <summary>True when Ctrl+C stopped it: nothing is returned, only <see cref="StopMessage"/> is told.</summary>
        public bool StoppedByUser { get; }

        /// <summary>Where a stopped run stands and the command that continues it.</summary>
        public string? StopMessage { get; }

        /// <summary>The warnings to write after the result, <see cref="StopMessage"/> last.</summary>
        public IReadOnlyList<string> Warnings { get; }

        public IReadOnlyList<Refusal> Errors { get; }

        public static UpgradeOutcome Of(UpgradeReport report, bool stopRequested)
        {
            var stopped = report.Result == UpgradeResult.Stopped ? $"{report.Error} {report.NextAction}" : null;
            if (stopped != null && stopRequested) return StoppedEarly(stopped);
            var warnings = report.FinalReadError is null ? Array.Empty<string>() : new[] { report.FinalReadError };
            var errors = report.Result != UpgradeResult.Failed ? Array.Empty<Refusal>()
                : new[] { Refusal.Because("StepFailed", RefusalKind.InvalidResult, $"{report.Error} {report.NextAction}", report.FailedNode ?? (object)report.ClusterId) };
            return new UpgradeOutcome(report, null, false, stopped, warnings, errors);
        }

        public static UpgradeOutcome Of(FleetReport fleet, bool stopRequested) =>
            stopRequested
                ? StoppedEarly($"{fleet.HaltReason} {fleet.NextAction}".Trim())
                : new UpgradeOutcome(null, fleet, false, null, Array.Empty<string>(), FleetErrors.Of(fleet).ToList());

        public static UpgradeOutcome StoppedEarly(string message) =>
            new UpgradeOutcome(null, null, true, message, Array.Empty<string>(), Array.Empty<Refusal>());
    }
}
