using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Execution;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Sessions;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Runs
{
    /// <summary>
    /// A run ready to start: its plan, package, journal and sessions. Executing it takes the cluster's run lock,
    /// rehearses on a lab twin when asked, writes the journal, finds where a resumed run goes on, and runs the
    /// orchestrator. A refusal on the way (lock held, rehearsal objected, nodes unreadable, no resume point)
    /// is thrown as a <see cref="RefusedException"/> before any node is changed.
    /// </summary>
    public sealed class PreparedRun
    {
        private readonly PlannedUpgrade _planned;
        private readonly UpgradeJournal? _journal;
        private readonly IReadOnlyList<GatewaySession> _sessions;
        private readonly UpgradeSite _site;
        private readonly UpgradeRunRequest _request;

        internal PreparedRun(PlannedUpgrade planned, UpgradeJournal? journal, IReadOnlyList<GatewaySession> sessions, UpgradeSite site, UpgradeRunRequest request)
        {
            (_planned, _journal, _sessions, _site, _request) = (planned, journal, sessions, site, request);
        }

        public UpgradePlan Plan => _planned.Plan;
        public UpdatePackage? Package => _planned.Package;
        public string JournalPath => _planned.JournalPath!;

        /// <summary>True when the run continues one from its journal.</summary>
        public bool IsResume => _journal != null;

        /// <summary>What the run acts on, for a confirmation prompt.</summary>
        public string Target => $"{Plan.Cluster} ({string.Join(", ", Plan.Nodes.Select(n => n.ComputerName))})";

        /// <summary>What the run does, for a confirmation prompt.</summary>
        public string Action =>
            $"{(IsResume ? "Resume the upgrade" : "Upgrade")} to {Plan.TargetBuild} by {Plan.Strategy} ({Plan.Steps.Count} steps, expected outage {Plan.ExpectedOutage})";

        /// <summary>Each step as a target and an action, for -WhatIf.</summary>
        public IEnumerable<(string Target, string Action)> StepActions =>
            Plan.Steps.Select(s => (s.Target, $"Step {s.Index} [KB80406 {s.KbStep}] {s.Action}: {s.Description}"));

        /// <param name="twins">Makes the lab twin a rehearsal runs on (only used when the run rehearses).</param>
        public async Task<UpgradeReport> ExecuteAsync(IUpgradeObserver observer, IOperationLog log, IUpgradeTwinFactory? twins, CancellationToken cancellationToken)
        {
            if (!_site.RunLocks.TryAcquire(Plan.Cluster, $"{RunLock.Describe()}, journal {JournalPath}", out var runLock, out var heldBy))
                throw Refused("RunLockHeld", RefusalKind.Busy,
                    $"Another upgrade run holds the lock of {Plan.Cluster}: {heldBy}. One run per cluster, whatever its journal; wait for it to finish.", Plan.Cluster.ToString());
            using (runLock)
            {
                var rehearsal = _request.Rehearse ? await RehearseAsync(observer.Message, log, twins ?? throw new ArgumentNullException(nameof(twins)), cancellationToken).ConfigureAwait(false) : null;
                var clients = _sessions.ToDictionary(s => s.ComputerName, s => s.CreateClient(log), StringComparer.OrdinalIgnoreCase);
                var journal = _journal ?? UpgradeJournal.Create(JournalPath, Plan, Package?.Path, Package?.Sha256, clients.Values.First().Transport.Clock.Now);
                UpgradeOrchestrator orchestrator;
                try
                {
                    orchestrator = new UpgradeOrchestrator(Plan, clients, Package, _request.Options, observer, journal, _site.Account, _sessions[0].Segment);
                }
                catch (ArgumentException ex)
                {
                    throw new RefusedException(Refusal.From(ex, Plan));
                }
                var firstStep = IsResume ? await ResumePointAsync(orchestrator, journal, observer, log, cancellationToken).ConfigureAwait(false) : 1;
                var report = await orchestrator.RunAsync(firstStep, IsResume, cancellationToken).ConfigureAwait(false);
                report.Rehearsal = rehearsal;
                return report;
            }
        }

        /// <summary>Runs the plan on a lab twin of the live nodes; throws a refusal when the twin objects. Nothing live is changed.</summary>
        internal async Task<UpgradeReport> RehearseAsync(Action<string> message, IOperationLog log, IUpgradeTwinFactory twins, CancellationToken cancellationToken)
        {
            var read = ReadEveryNode(log, "The rehearsal copies every node; no answer from", cancellationToken);
            message($"Rehearsing {Plan.Steps.Count} steps on a lab twin of {string.Join(", ", read.Nodes.Select(n => n.ComputerName))}...");
            var rehearsal = await UpgradeRehearsal.RunAsync(Plan, read.Nodes, twins, Package, _request.Options, cancellationToken).ConfigureAwait(false);
            message($"Rehearsal of {Plan.Cluster}: {rehearsal} (wall {rehearsal.WallSeconds} s).");
            if (UpgradeRehearsal.Objection(rehearsal) is { } objection)
                throw Refused("RehearsalFailed", RefusalKind.InvalidResult, objection + " Nothing was changed on the live nodes.", rehearsal);
            return rehearsal;
        }

        /// <summary>Waits for nodes still busy, then finds the step to go on from by what the nodes show (the journal only advises).</summary>
        private async Task<int> ResumePointAsync(UpgradeOrchestrator orchestrator, UpgradeJournal journal, IUpgradeObserver observer, IOperationLog log, CancellationToken cancellationToken)
        {
            var read = ReadEveryNode(log, "-Resume reads every node first; no answer from", cancellationToken);
            var others = JournalIntegrity.OtherAppliances(Plan, read.Read.Select(r => r.Node));
            if (others.Count > 0)
                throw Refused(UpgradeJournalException.Foreign, RefusalKind.InvalidData,
                    $"The upgrade journal '{journal.Path}' was written for other appliances ({string.Join("; ", others)}); nothing was changed.", journal.Path);
            IReadOnlyList<GatewayNode> nodes;
            try
            {
                nodes = await orchestrator.WaitUntilSettledAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw new RefusedException(Refusal.From(ex));
            }
            var point = ResumePoint.Find(Plan, nodes, journal.LastCompletedStep);
            if (!point.Found) throw Refused("CannotResume", RefusalKind.InvalidOperation, $"Cannot resume from {journal.Path}: {point.Reason}.", journal.Path);
            observer.Message($"Resuming at step {point.NextStep}: {point.Reason}.");
            return point.NextStep;
        }

        private SessionReadResult ReadEveryNode(IOperationLog log, string refusal, CancellationToken cancellationToken)
        {
            var read = SessionReads.Read(_sessions, log, _request.ThrottleLimit, cancellationToken);
            if (read.Unreachable.Count > 0)
                throw Refused("Unreachable", RefusalKind.Unreachable, $"{refusal} {read.DescribeUnreachable()}.", read.Unreachable.Keys.ToArray());
            return read;
        }

        private static RefusedException Refused(string reason, RefusalKind kind, string message, object? target) =>
            new RefusedException(Refusal.Because(reason, kind, message, target));

        public override string ToString() => $"{Action} ({Target})";
    }
}
