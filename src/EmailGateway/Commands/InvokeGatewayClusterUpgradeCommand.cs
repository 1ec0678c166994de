using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Commands.Upgrade;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Model;
using EmailGateway.Updates;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Execution;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Upgrades one cluster by a KB80406 recipe: preflight, then each step past the guard, with a gate
    /// after it, journaled before and after, with progress. Stops in a safe state on a failure (after
    /// -MaxRetries) or on Ctrl+C, and continues with -Resume. Returns one report object per run.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "GatewayClusterUpgrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(UpgradeReport))]
    public sealed class InvokeGatewayClusterUpgradeCommand : GatewayCmdlet
    {
        private const string NodeSet = "Node";
        private const string NameSet = "ByName";
        private const string StepSet = "Step";
        private const string PlanSet = "Plan";
        private const string ResumeSet = "Resume";
        private readonly List<string> _names = new List<string>();
        private readonly List<UpgradeStep> _steps = new List<UpgradeStep>();

        /// <summary>The cluster's nodes, as Get-GatewayNode returns them (pipe them in). They are read again before planning.</summary>
        [Parameter(ParameterSetName = NodeSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public GatewayNode[]? Node { get; set; }

        /// <summary>The cluster's nodes by session name.</summary>
        [Parameter(ParameterSetName = NameSet, Mandatory = true)]
        [Alias("CN")]
        [ValidateNotNullOrEmpty]
        public string[]? ComputerName { get; set; }

        /// <summary>The steps of a plan from Get-GatewayUpgradePlan (pipe the whole plan in).</summary>
        [Parameter(ParameterSetName = StepSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public UpgradeStep[]? Step { get; set; }

        /// <summary>A plan from Get-GatewayUpgradePlan -AsPlan.</summary>
        [Parameter(ParameterSetName = PlanSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public UpgradePlan? Plan { get; set; }

        /// <summary>Continue a stopped or failed run from its journal: every node is read again and the run goes on from the first step whose postcondition does not hold.</summary>
        [Parameter(ParameterSetName = ResumeSet, Mandatory = true)]
        public SwitchParameter Resume { get; set; }

        /// <summary>The update package to install; its header names the product and build. With -Resume, defaults to the package the journal names.</summary>
        [Parameter]
        [Alias("PackagePath")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The build to upgrade to, when it is not taken from -Path (every node must already run it where an update would be needed).</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string? TargetBuild { get; set; }

        /// <summary>MasterInPlace (KB80406 recipe A: service pauses while the master updates) or FailoverPromotion (recipe B: the failover serves meanwhile; two takeovers).</summary>
        [Parameter(ParameterSetName = NodeSet, Mandatory = true)]
        [Parameter(ParameterSetName = NameSet, Mandatory = true)]
        public UpgradeStrategy Strategy { get; set; }

        /// <summary>FailoverPromotion only: what the failover becomes while the master updates, Master (default) or Standalone on the virtual IP.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        public InterimMode InterimMode { get; set; } = InterimMode.Master;

        /// <summary>How many scanners update at once, in parallel; 0 (the default) updates all scanners in one batch.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [ValidateRange(0, 1024)]
        public int ScannerBatchSize { get; set; }

        /// <summary>FailoverPromotion only: re-seed a corrupt or stale failover's greeting from the master while it is offline, before it serves as interim node.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        public SwitchParameter RepairInterim { get; set; }

        /// <summary>Where the journal is written (and read with -Resume). Defaults to one file per cluster under the local application data folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        /// <summary>How often a failed step is tried again before the run stops in a safe state.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaxRetries { get; set; } = 2;

        /// <summary>How long to wait for a node's return from its update before the step counts as failed (a lab waits on its virtual clock).</summary>
        [Parameter]
        [ValidateRange(60, 86400)]
        public int UpdateTimeoutSeconds { get; set; } = 3600;

        /// <summary>A script block run on the pipeline thread before each step, with $_ holding Phase, Step and Nodes. If it throws, the run stops safely before the step.</summary>
        [Parameter]
        public ScriptBlock? BeforeStep { get; set; }

        /// <summary>A script block run on the pipeline thread after each step's gate passed, with $_ holding Phase, Step, Nodes and Record. If it throws, the run stops after the step.</summary>
        [Parameter]
        public ScriptBlock? AfterStep { get; set; }

        /// <summary>Run the plan first on a lab twin of the live nodes; go on only if the twin finished with no violation and no rejected delivery.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = StepSet)]
        [Parameter(ParameterSetName = PlanSet)]
        public SwitchParameter Rehearse { get; set; }

        protected override void ProcessRecord()
        {
            if (Node != null) _names.AddRange(Node.Select(n => n.ComputerName));
            if (ComputerName != null) _names.AddRange(ComputerName);
            if (Step != null) _steps.AddRange(Step);
        }

        protected override void EndProcessing()
        {
            UpdatePackage? package = null;
            string journalPath;
            UpgradeJournal? journal = null;
            UpgradePlan plan;
            switch (ParameterSetName)
            {
                case ResumeSet:
                    journal = LoadJournal();
                    journalPath = journal.Path;
                    plan = journal.ToPlan();
                    package = OpenPackage(Path ?? journal.Document.PackagePath, journal.Document.PackageSha256, fromJournal: Path is null);
                    break;
                case StepSet:
                case PlanSet:
                    plan = Plan ?? PlanFromSteps();
                    package = Path is null ? null : OpenPackage(Path, null, fromJournal: false);
                    journalPath = JournalPath is null ? null! : ResolvePath(JournalPath);
                    break;
                default:
                    plan = UpgradePlanFactory.Create(this, _names, Path, TargetBuild, Strategy, InterimMode, ScannerBatchSize, RepairInterim, JournalPath, out package, out journalPath);
                    break;
            }

            var (sessions, missing) = UpgradeContext.Sessions(plan.Nodes.Select(n => n.ComputerName));
            if (missing.Count > 0)
                ThrowTerminating("SessionNotFound", ErrorCategory.ObjectNotFound, $"No session for {string.Join(", ", missing)}: every node of the plan must be reachable.", missing.ToArray());
            var lab = UpgradeContext.LabOf(sessions);
            journalPath ??= UpgradeContext.DefaultJournalPath(plan.ClusterId, plan.Master, lab);

            if (!Resume && !plan.IsRunnable)
            {
                foreach (var failed in plan.FailedChecks)
                    WriteError(new ErrorRecord(new InvalidOperationException($"Preflight check {failed.Name} failed: {failed.Reason.TrimEnd('.')}. {failed.Remedy}"),
                        ErrorPrefix + "PreflightFailed", ErrorCategory.InvalidOperation, failed));
                ThrowTerminating("PreflightFailed", ErrorCategory.InvalidOperation,
                    $"The upgrade of cluster {plan.ClusterId} did not pass its preflight ({plan.FailedChecks.Count} failed check(s): {string.Join(", ", plan.FailedChecks.Select(c => c.Name))}); nothing was changed.", plan);
            }
            if (!Resume && package is null && NeedsPackage(plan))
                ThrowTerminating("PackageRequired", ErrorCategory.InvalidArgument, $"The plan installs {plan.TargetBuild}; give the update package with -Path.", null);

            if (IsWhatIf())
            {
                foreach (var step in plan.Steps)
                    ShouldProcess(step.Target, $"Step {step.Index} [KB80406 {step.KbStep}] {step.Action}: {step.Description}");
                return;
            }
            if (!ShouldProcess($"cluster {plan.ClusterId} ({string.Join(", ", plan.Nodes.Select(n => n.ComputerName))})",
                    $"{(Resume ? "Resume the upgrade" : "Upgrade")} to {plan.TargetBuild} by {plan.Strategy} ({plan.Steps.Count} steps, expected outage {plan.ExpectedOutage})"))
                return;

            if (!RunLock.TryAcquire(journalPath, out var runLock))
                ThrowTerminating("RunLockHeld", ErrorCategory.ResourceBusy,
                    $"Another upgrade run holds the lock of {journalPath}: {UpgradeContext.LockHolder(journalPath) ?? "a run"}. Wait for it to finish.", journalPath);
            using (runLock)
            {
                var options = new UpgradeOptions { MaxRetries = MaxRetries, UpdateTimeout = TimeSpan.FromSeconds(UpdateTimeoutSeconds) };
                UpgradeReport? rehearsal = null;
                if (Rehearse) rehearsal = RunRehearsal(plan, sessions, package, options);

                var clients = UpgradeContext.Clients(sessions, Log);
                if (!Resume) journal = UpgradeJournal.Create(journalPath, plan, package?.Path, package?.Sha256, clients.Values.First().Transport.Clock.Now);
                var pump = new PipelinePump(this, BeforeStep, AfterStep);
                UpgradeOrchestrator orchestrator = null!;
                try
                {
                    orchestrator = new UpgradeOrchestrator(plan, clients, package, options, pump, journal, UpgradeContext.Account(lab), UpgradeContext.Network(sessions));
                }
                catch (ArgumentException ex)
                {
                    ThrowTerminating(ex, plan);
                }
                int firstStep = 1;
                if (Resume)
                {
                    var (_, unreachable) = UpgradeContext.Read(sessions, Log, StopToken);
                    FlushLog();
                    if (unreachable.Count > 0)
                        ThrowTerminating("Unreachable", ErrorCategory.ConnectionError,
                            $"-Resume reads every node first; no answer from {string.Join("; ", unreachable.Select(u => $"{u.Key} ({u.Value})"))}.", unreachable.Keys.ToArray());
                    IReadOnlyList<GatewayNode> nodes = null!;
                    try
                    {
                        nodes = pump.Run(() => orchestrator.WaitUntilSettledAsync(StopToken));
                    }
                    catch (Exception ex) when (!(ex is PipelineStoppedException))
                    {
                        ThrowTerminating(ex, null);
                    }
                    var point = ResumePoint.Find(plan, nodes, journal!.LastCompletedStep);
                    if (!point.Found) ThrowTerminating("CannotResume", ErrorCategory.InvalidOperation, $"Cannot resume from {journal.Path}: {point.Reason}.", journal.Path);
                    WriteVerbose($"Resuming at step {point.NextStep}: {point.Reason}.");
                    firstStep = point.NextStep;
                }
                var report = pump.Run(() => orchestrator.RunAsync(firstStep, resumed: Resume, StopToken));
                report.Rehearsal = rehearsal;
                FlushLog();
                if (report.Result == UpgradeResult.Stopped && StopToken.IsCancellationRequested) return;
                WriteObject(Typed(report, UpgradeTypeNames.Report));
                if (report.Result == UpgradeResult.Failed)
                    WriteError(new ErrorRecord(new InvalidOperationException($"{report.Error} {report.NextAction}"),
                        ErrorPrefix + "StepFailed", ErrorCategory.InvalidResult, report.FailedNode ?? (object)plan.ClusterId));
            }
        }

        private UpgradeReport RunRehearsal(UpgradePlan plan, IReadOnlyList<EmailGateway.Sessions.GatewaySession> sessions, UpdatePackage? package, UpgradeOptions options)
        {
            var (nodes, unreachable) = UpgradeContext.Read(sessions, Log, StopToken);
            if (unreachable.Count > 0)
                ThrowTerminating("Unreachable", ErrorCategory.ConnectionError, $"The rehearsal copies every node; no answer from {string.Join(", ", unreachable.Keys)}.", unreachable.Keys.ToArray());
            WriteVerbose($"Rehearsing {plan.Steps.Count} steps on a lab twin of {string.Join(", ", nodes.Select(n => n.ComputerName))}...");
            var rehearsal = UpgradeRehearsal.RunAsync(plan, nodes, new LabUpgradeTwinFactory(), package, options, StopToken).GetAwaiter().GetResult();
            WriteVerbose($"Rehearsal: {rehearsal} (wall {rehearsal.WallSeconds} s).");
            if (UpgradeRehearsal.Objection(rehearsal) is { } objection)
            {
                WriteObject(Typed(rehearsal, UpgradeTypeNames.Report));
                ThrowTerminating("RehearsalFailed", ErrorCategory.InvalidResult, objection + " Nothing was changed on the live nodes.", rehearsal);
            }
            return rehearsal;
        }

        private UpgradePlan PlanFromSteps()
        {
            var plans = _steps.Select(UpgradeContext.PlanOf).Distinct().ToList();
            if (plans.Count != 1 || plans[0] is null)
                ThrowTerminating("InvalidPlan", ErrorCategory.InvalidArgument,
                    plans.Any(p => p is null)
                        ? "The steps did not come from Get-GatewayUpgradePlan in this session; pipe its output in directly, or use -Plan."
                        : "The steps come from more than one plan; upgrade one cluster at a time.", null);
            var plan = plans[0]!;
            if (_steps.Select(s => s.Index).Distinct().Count() != plan.Steps.Count)
                ThrowTerminating("InvalidPlan", ErrorCategory.InvalidArgument,
                    $"Only {_steps.Count} of the plan's {plan.Steps.Count} steps were piped in; an upgrade runs its whole plan (a stopped run continues with -Resume).", null);
            return plan;
        }

        private UpgradeJournal LoadJournal()
        {
            try
            {
                if (JournalPath != null) return UpgradeJournal.Load(ResolvePath(JournalPath));
                var folder = System.IO.Path.GetDirectoryName(UpgradeJournal.DefaultPath(0, "x"))!;
                var candidates = Directory.Exists(folder)
                    ? Directory.GetFiles(folder, "*.journal.yaml").Select(UpgradeJournal.Load)
                        .Where(j => j.Document.State != "Succeeded" && j.Document.Nodes.All(n => ModuleState.Current.Sessions.TryGet(n.Name, out _))).ToList()
                    : new List<UpgradeJournal>();
                if (candidates.Count == 1) return candidates[0];
                ThrowTerminating("JournalNotFound", ErrorCategory.ObjectNotFound,
                    candidates.Count == 0
                        ? $"No unfinished upgrade journal for the open sessions was found in {folder}; give -JournalPath."
                        : $"Several unfinished journals match the open sessions ({string.Join(", ", candidates.Select(c => c.Path))}); give -JournalPath.", folder);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is InvalidDataException || ex is IOException)
            {
                ThrowTerminating(ex, JournalPath);
            }
            return null!;
        }

        private UpdatePackage? OpenPackage(string? path, string? expectedSha256, bool fromJournal)
        {
            if (path is null) return null;
            try
            {
                var package = UpdatePackage.Open(fromJournal ? path : ResolvePath(path));
                if (expectedSha256 != null && !string.Equals(package.Sha256, expectedSha256, StringComparison.OrdinalIgnoreCase))
                    ThrowTerminating("PackageChanged", ErrorCategory.InvalidData,
                        $"The package {package.Path} has SHA-256 {package.Sha256}; the journal recorded {expectedSha256}. Give the run's package with -Path.", package.Path);
                return package;
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                if (fromJournal)
                {
                    // The remaining steps may need no package; say so now rather than fail silently at an Update step.
                    WriteWarning($"The package the journal names, {path}, cannot be opened ({ex.Message}). An Update step that still has work will fail; give the package with -Path.");
                    return null;
                }
                ThrowTerminating(ex, path);
                return null;
            }
        }

        private static bool NeedsPackage(UpgradePlan plan) =>
            plan.Steps.Any(s => s.Action == UpgradeAction.Update && s.Targets.Any(t => plan.Nodes.First(n => n.ComputerName == t).Build != plan.TargetBuild));

        private string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);

        private bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)) return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }
    }
}
