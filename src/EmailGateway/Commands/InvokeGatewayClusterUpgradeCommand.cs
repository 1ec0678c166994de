using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Upgrade.Runs;
using EmailGateway.Operations;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Upgrades one cluster by a KB80406 recipe: preflight, then each step past the guard, with a gate
    /// after it, journaled before and after, with progress. Stops in a safe state on a failure (after
    /// -MaxRetries) or on Ctrl+C, and continues with -Resume. Returns one report object per run.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "GatewayClusterUpgrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(ReportOutput))]
    public sealed class InvokeGatewayClusterUpgradeCommand : UpgradeCmdlet
    {
        private const string StepSet = "Step";
        private const string PlanSet = "Plan";
        private const string ResumeSet = "Resume";
        private readonly List<UpgradeStep> _steps = new List<UpgradeStep>();

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

        /// <summary>The build to upgrade to, when it is not taken from -Path (every node must already run it where an update would be needed).</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string? TargetBuild { get; set; }

        /// <summary>MasterInPlace (KB80406 recipe A: service pauses while the master updates) or FailoverPromotion (recipe B: the failover serves meanwhile; two takeovers).</summary>
        [Parameter(ParameterSetName = NodeSet, Mandatory = true)]
        [Parameter(ParameterSetName = NameSet, Mandatory = true)]
        public UpgradeRecipe Strategy { get; set; }

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
            base.ProcessRecord();
            if (Step != null) _steps.AddRange(Step);
        }

        protected override void EndProcessing()
        {
            var request = Request(Source, TargetBuild, Strategy, InterimMode, ScannerBatchSize, RepairInterim);
            request.Steps = _steps;
            request.Plan = Plan;
            request.Options = new UpgradeOptions { MaxRetries = MaxRetries, UpdateTimeout = TimeSpan.FromSeconds(UpdateTimeoutSeconds) };
            request.Rehearse = Rehearse;
            var run = Accept(Preparation.Prepare(request, StopToken));
            if (WhatIfRequested())
            {
                foreach (var (target, action) in run.StepActions) ShouldProcess(target, action);
                return;
            }
            if (!ShouldProcess(run.Target, run.Action)) return;

            var pump = new PipelinePump(this, BeforeStep, AfterStep);
            UpgradeReport report;
            try
            {
                report = pump.Run(() => run.ExecuteAsync(pump, Log, new LabUpgradeTwinFactory(), StopToken));
            }
            catch (RefusedException refused)
            {
                FlushLog();
                Refuse(refused.Refusal);
                return;
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                // Stopped while rehearsing or reading the nodes, before the first command.
                WarnAfterStop(run.IsResume
                    ? $"Stopped before resuming: nothing was changed since the run stopped. To continue: {RunStanding.ResumeCommand(run.JournalPath)}"
                    : "Stopped before the first step (while rehearsing or reading the nodes): nothing was changed on the nodes.");
                return;
            }
            FlushLog();
            if (report.Result == UpgradeResult.Stopped && StopToken.IsCancellationRequested)
            {
                WarnAfterStop($"{report.Error} {report.NextAction}");
                return;
            }
            WriteObject(Typed(new ReportOutput(report), TypeNames.UpgradeReport));
            if (report.FinalReadError != null) WriteWarning(report.FinalReadError);
            if (report.Result == UpgradeResult.Stopped) WarnAfterStop($"{report.Error} {report.NextAction}");
            if (report.Result == UpgradeResult.Failed)
                WriteError(new ErrorRecord(new InvalidOperationException($"{report.Error} {report.NextAction}"),
                    ErrorPrefix + "StepFailed", ErrorCategory.InvalidResult, report.FailedNode ?? (object)run.Plan.ClusterId));
        }

        private RunSource Source => ParameterSetName switch
        {
            ResumeSet => RunSource.Resume,
            StepSet => RunSource.Steps,
            PlanSet => RunSource.Plan,
            _ => RunSource.Nodes,
        };
    }
}
