using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Runs;
using EmailGateway.Operations;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Upgrades one cluster by a KB80406 recipe: preflight, then each step past the guard, with a gate
    /// after it, journaled before and after, with progress. Stops in a safe state on a failure (after
    /// -MaxRetries) or on Ctrl+C, and continues with -Resume. Returns one report object per run. Nodes of
    /// several clusters make a rollout (Core's FleetRollout): each cluster its own run, in waves, and a fleet summary.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "GatewayClusterUpgrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(ReportOutput), typeof(FleetReportOutput))]
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

        /// <summary>Over several clusters: how many upgrade at once after the canaries; 1 (the default) upgrades one after another.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = ResumeSet)]
        [ValidateRange(1, FleetPolicy.MaxThrottle)]
        public int ClusterThrottleLimit { get; set; } = 1;

        /// <summary>Over several clusters: the first clusters to run, one at a time, before any other starts; the rest start only if every canary succeeded.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = ResumeSet)]
        [ValidateRange(0, 10000)]
        public int CanaryCount { get; set; }

        /// <summary>Over several clusters: once this many have failed (default 1), no new cluster starts and those under way stop at their next safe point.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = ResumeSet)]
        [ValidateRange(1, 10000)]
        public int MaxFailedClusters { get; set; } = 1;

        protected override void ProcessRecord()
        {
            base.ProcessRecord();
            if (Step != null) _steps.AddRange(Step);
        }

        protected override void EndProcessing()
        {
            var request = Request(Source);
            request.Steps = _steps;
            request.Plan = Plan;
            request.Options = new UpgradeOptions { MaxRetries = MaxRetries, UpdateTimeout = TimeSpan.FromSeconds(UpdateTimeoutSeconds) };
            request.Rehearse = Rehearse;
            var fleet = FleetRequest(new[] { nameof(ClusterThrottleLimit), nameof(CanaryCount), nameof(MaxFailedClusters) }.Any(MyInvocation.BoundParameters.ContainsKey));
            fleet.Policy = new FleetPolicy { ClusterThrottleLimit = ClusterThrottleLimit, CanaryCount = CanaryCount, MaxFailedClusters = MaxFailedClusters };
            var upgrade = Accept(FleetPreparation.PrepareAny(request, fleet, StopToken));
            if (upgrade.NothingToDo is { } nothingToDo) WriteVerbose(nothingToDo);
            if (WhatIfRequested())
            {
                foreach (var (target, action) in upgrade.StepActions) ShouldProcess(target, action);
                foreach (var skipped in upgrade.Skipped) WriteRefusal(skipped);
                return;
            }
            if (upgrade.HasWork && !ShouldProcess(upgrade.Target, upgrade.Action)) return;

            var pump = new PipelinePump(this, BeforeStep, AfterStep);
            var twins = LabTwins.For(Rehearse);
            UpgradeOutcome outcome;
            try
            {
                outcome = pump.Run(() => upgrade.ExecuteAsync(pump.Observers, Log, twins, StopToken));
            }
            catch (RefusedException refused)
            {
                FlushLog();
                Refuse(refused.Refusal);
                return;
            }
            FlushLog();
            if (outcome.Report is { } report) WriteObject(Typed(new ReportOutput(report), TypeNames.UpgradeReport));
            if (outcome.Fleet is { } fleetReport) WriteObject(Typed(new FleetReportOutput(fleetReport), TypeNames.FleetReport));
            foreach (var warning in outcome.Warnings) WriteWarningEvenWhenStopped(warning);
            foreach (var error in outcome.Errors) WriteRefusal(error);
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
