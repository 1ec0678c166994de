using EmailGateway.Model;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>What became of one cluster in a rollout.</summary>
    public enum FleetClusterState
    {
        /// <summary>Its run succeeded: every node on the target build.</summary>
        Upgraded,

        /// <summary>Already on the target build, every node online: nothing to do, nothing was changed.</summary>
        Current,

        /// <summary>Refused before anything was changed (preflight, rehearsal, a run lock held elsewhere); the others went on.</summary>
        Skipped,

        /// <summary>Its run failed after its retries and left the cluster in a safe state; -Resume continues it.</summary>
        Failed,

        /// <summary>Stopped at a safe point (Ctrl+C, or the rollout halted); -Resume continues it.</summary>
        Stopped,

        /// <summary>Never started: the rollout halted first (a canary did not succeed, too many clusters failed, Ctrl+C).</summary>
        NotStarted,
    }

    /// <summary>One cluster's line in a fleet summary, with its own report when it ran.</summary>
    public sealed class FleetClusterResult
    {
        public FleetClusterResult(ClusterKey cluster)
        {
            Segment = cluster.Segment;
            ClusterId = cluster.Id;
        }

        /// <summary>The cluster's network segment; empty for the default segment.</summary>
        public string Segment { get; }

        public int ClusterId { get; }

        public ClusterKey Cluster => new ClusterKey(Segment, new ClusterId(ClusterId));

        public FleetClusterState State { get; set; } = FleetClusterState.NotStarted;

        /// <summary>True for a cluster that ran as a canary.</summary>
        public bool Canary { get; set; }

        /// <summary>In which order the cluster started (1-based); 0 when it never started.</summary>
        public int Order { get; set; }

        /// <summary>Why it was skipped, failed, stopped or never started.</summary>
        public string? Reason { get; set; }

        /// <summary>The ErrorId-like reason of a refusal (PreflightFailed, RehearsalFailed, RunLockHeld...).</summary>
        public string? ReasonId { get; set; }

        /// <summary>The cluster's own report, when it ran.</summary>
        public UpgradeReport? Report { get; set; }

        public double? OutageSeconds => Report?.OutageSeconds;
        public long? RejectedDeliveries => Report?.RejectedDeliveries;

        /// <summary>How long its run took on its own clock (virtual time on a lab).</summary>
        public double DurationSeconds => Report?.DurationSeconds ?? 0;

        public override string ToString() => $"{Cluster}: {State}{(Reason is null ? string.Empty : " (" + Reason + ")")}";
    }
}
