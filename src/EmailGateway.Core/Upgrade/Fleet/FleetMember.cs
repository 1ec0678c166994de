using System;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>One cluster of a rollout: its key, its plan when one was made, and why it is skipped when it is.</summary>
    public sealed class FleetMember
    {
        public FleetMember(ClusterKey cluster, UpgradePlan? plan = null)
        {
            Cluster = cluster;
            Plan = plan;
        }

        public ClusterKey Cluster { get; }
        public UpgradePlan? Plan { get; }

        /// <summary>Why the cluster is skipped before the rollout starts (a failed preflight...); null when it runs.</summary>
        public string? Refusal { get; private set; }
        public string? RefusalId { get; private set; }

        /// <summary>True when the cluster already runs the target build everywhere: it is reported, not run.</summary>
        public bool IsCurrent { get; private set; }

        /// <summary>The rehearsal on a lab twin, when the rollout rehearsed the cluster first.</summary>
        public UpgradeReport? Rehearsal { get; set; }

        public FleetMember MarkCurrent()
        {
            IsCurrent = true;
            return this;
        }

        public FleetMember Refuse(string refusalId, string refusal)
        {
            RefusalId = refusalId ?? throw new ArgumentNullException(nameof(refusalId));
            Refusal = refusal ?? throw new ArgumentNullException(nameof(refusal));
            return this;
        }

        public override string ToString() => Cluster + (IsCurrent ? " (current)" : Refusal is null ? string.Empty : $" (skipped: {Refusal})");
    }

    /// <summary>What one cluster's run gave back: its report, or the refusal that kept it from changing anything.</summary>
    public sealed class ClusterOutcome
    {
        private ClusterOutcome(UpgradeReport? report, string? refusalId, string? refusal)
        {
            Report = report;
            RefusalId = refusalId;
            Refusal = refusal;
        }

        public UpgradeReport? Report { get; }
        public string? RefusalId { get; }
        public string? Refusal { get; }

        public static ClusterOutcome Ran(UpgradeReport report) => new ClusterOutcome(report ?? throw new ArgumentNullException(nameof(report)), null, null);

        /// <summary>Nothing was changed: a run lock held elsewhere, a rehearsal that objected, nodes that did not answer.</summary>
        public static ClusterOutcome Refused(string refusalId, string refusal) => new ClusterOutcome(null, refusalId, refusal);
    }
}
