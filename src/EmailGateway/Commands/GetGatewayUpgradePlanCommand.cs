using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Runs;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Plans the upgrade of one cluster by a KB80406 recipe and runs its preflight. Returns the ordered
    /// steps (index, the KB step implemented, action, target nodes, expected outage, the gate that verifies
    /// it); each failed preflight check is written as an error with its reason and remedy. Nothing is changed.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "GatewayUpgradePlan", DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(StepOutput), typeof(PlanOutput))]
    public sealed class GetGatewayUpgradePlanCommand : UpgradeCmdlet
    {
        /// <summary>The build to upgrade to, e.g. '7.6.4 P4', when no package is given (planning only).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TargetBuild { get; set; }

        /// <summary>MasterInPlace (KB80406 recipe A: service pauses while the master updates) or FailoverPromotion (recipe B: the failover serves meanwhile; two takeovers).</summary>
        [Parameter(Mandatory = true)]
        public UpgradeRecipe Strategy { get; set; }

        /// <summary>FailoverPromotion only: what the failover becomes while the master updates, Master (default) or Standalone on the virtual IP.</summary>
        [Parameter]
        public InterimMode InterimMode { get; set; } = InterimMode.Master;

        /// <summary>How many scanners update at once; 0 (the default) updates all scanners in one batch.</summary>
        [Parameter]
        [ValidateRange(0, 1024)]
        public int ScannerBatchSize { get; set; }

        /// <summary>FailoverPromotion only: when the failover's synced configuration is corrupt or stale (a cluster caught mid-upgrade), re-seed its greeting from the master while it is offline, before it serves as interim node.</summary>
        [Parameter]
        public SwitchParameter RepairInterim { get; set; }

        /// <summary>Return the whole plan (preflight checks, steps, expected outage and window) as one object instead of its steps.</summary>
        [Parameter]
        public SwitchParameter AsPlan { get; set; }

        /// <summary>Write the steps even when the preflight failed (they cannot run as they stand); -AsPlan always returns the plan.</summary>
        [Parameter]
        public SwitchParameter IncludeFailed { get; set; }

        protected override void EndProcessing()
        {
            var request = Request(RunSource.Nodes, TargetBuild, Strategy, InterimMode, ScannerBatchSize, RepairInterim);
            var plan = Accept(Preparation.Plan(request, StopToken)).Plan;
            foreach (var check in plan.Preflight) WriteVerbose(check.ToString());
            WriteFailedChecks(plan);
            if (AsPlan)
            {
                WriteObject(Typed(new PlanOutput(plan), TypeNames.UpgradePlan));
                return;
            }
            // A plan that failed its preflight cannot run; its steps would only bury the errors that say why.
            if (!plan.IsRunnable && !IncludeFailed) return;
            foreach (var step in plan.Steps) WriteObject(Typed(new StepOutput(step), TypeNames.UpgradeStep));
        }
    }
}
