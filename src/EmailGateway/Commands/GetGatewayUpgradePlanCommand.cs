using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Runs;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Plans the upgrade of one cluster by a KB80406 recipe and runs its preflight. Returns the ordered
    /// steps (index, the KB step implemented, action, target nodes, expected outage, the gate that verifies
    /// it); each failed preflight check is written as an error with its reason and remedy. Nothing is changed.
    /// Nodes of several clusters (segment and id), or a desired state, get one plan and preflight per cluster.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "GatewayUpgradePlan", DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(StepOutput), typeof(PlanOutput))]
    public sealed class GetGatewayUpgradePlanCommand : UpgradeCmdlet
    {
        /// <summary>Return the whole plan (preflight checks, steps, expected outage and window) as one object instead of its steps.</summary>
        [Parameter]
        public SwitchParameter AsPlan { get; set; }

        /// <summary>Write the steps even when the preflight failed (they cannot run as they stand); -AsPlan always returns the plan.</summary>
        [Parameter]
        public SwitchParameter IncludeFailed { get; set; }

        protected override void EndProcessing()
        {
            var request = Request(RunSource.Nodes);
            var fleet = FleetRequest();
            if (!FleetPreparation.IsRollout(request, fleet))
            {
                Write(Accept(Preparation.Plan(request, StopToken)).Plan, inFleet: false);
                return;
            }
            foreach (var member in Accept(FleetPreparation.Plan(request, fleet, StopToken)).Plan.Members)
            {
                if (member.IsCurrent) WriteVerbose($"{member.Cluster} already runs its target build on every node: nothing to plan.");
                else if (member.RefusalId is { } reason && reason != "PreflightFailed") WriteRefusal(FleetErrors.Skipped(member.Cluster, reason, member.Refusal));
                else Write(member.Plan!, inFleet: true);
            }
        }

        private void Write(UpgradePlan plan, bool inFleet)
        {
            foreach (var check in plan.Preflight) WriteVerbose(inFleet ? $"{plan.Cluster}: {check}" : check.ToString());
            WriteFailedChecks(plan, nameCluster: inFleet);
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
