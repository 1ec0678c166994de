using System;
using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>How a rollout ended as a whole.</summary>
    public enum FleetResult
    {
        /// <summary>Every cluster upgraded, or was already on the target.</summary>
        Succeeded,

        /// <summary>No cluster failed, but some were skipped and left as they were.</summary>
        Incomplete,

        /// <summary>At least one cluster failed (it was left safe; -Resume continues it).</summary>
        Failed,

        /// <summary>Stopped on request; clusters under way stopped at a safe point.</summary>
        Stopped,
    }

    /// <summary>
    /// The summary of a rollout over many clusters: each cluster's outcome and report, how many upgraded,
    /// were skipped, failed, stopped or never started, the total outage and rejected deliveries, and the
    /// window the waves took. Plain properties, so ConvertTo-Json renders it.
    /// </summary>
    public sealed class FleetReport
    {
        public string TargetBuild { get; set; } = string.Empty;
        public string Strategy { get; set; } = string.Empty;
        public int ClusterThrottleLimit { get; set; }
        public int CanaryCount { get; set; }
        public int MaxFailedClusters { get; set; }
        public FleetResult Result { get; set; }
        public bool Succeeded => Result == FleetResult.Succeeded;

        /// <summary>True when this rollout resumed clusters from their journals.</summary>
        public bool Resumed { get; set; }

        public List<FleetClusterResult> Clusters { get; set; } = new List<FleetClusterResult>();

        public int Total => Clusters.Count;
        public int Upgraded => Count(FleetClusterState.Upgraded);
        public int Current => Count(FleetClusterState.Current);
        public int Skipped => Count(FleetClusterState.Skipped);
        public int Failed => Count(FleetClusterState.Failed);
        public int Stopped => Count(FleetClusterState.Stopped);
        public int NotStarted => Count(FleetClusterState.NotStarted);

        /// <summary>Seconds nobody served a virtual IP, summed over the clusters (a lab's account; null on real clusters).</summary>
        public double? OutageSeconds => Sum(c => c.OutageSeconds);

        /// <summary>Deliveries refused for a bad greeting, summed over the clusters (a lab's account; null on real clusters).</summary>
        public long? RejectedDeliveries
        {
            get
            {
                var known = Clusters.Where(c => c.RejectedDeliveries.HasValue).ToList();
                return known.Count == 0 ? (long?)null : known.Sum(c => c.RejectedDeliveries!.Value);
            }
        }

        /// <summary>
        /// The maintenance window on the clusters' own clocks (virtual time on a lab): the runs laid end to end
        /// as the waves ran them, canaries one after another, then the rest on the throttle's slots.
        /// </summary>
        public double WindowSeconds { get; set; }

        /// <summary>Real time here.</summary>
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset EndedAt { get; set; }
        public double WallSeconds { get; set; }

        /// <summary>Why no further cluster started (a canary failed, too many clusters failed, a stop); null when none halted it.</summary>
        public string? HaltReason { get; set; }

        public string? NextAction { get; set; }

        public override string ToString() =>
            $"{Total} cluster(s) to {TargetBuild}: {Result}; upgraded {Upgraded}, current {Current}, skipped {Skipped}, failed {Failed}, stopped {Stopped}, not started {NotStarted}" +
            (OutageSeconds is { } o ? $", outage {o:0.#} s" : string.Empty) + (RejectedDeliveries is { } r ? $", rejected {r}" : string.Empty);

        private int Count(FleetClusterState state) => Clusters.Count(c => c.State == state);

        private double? Sum(Func<FleetClusterResult, double?> value)
        {
            var known = Clusters.Select(value).Where(v => v.HasValue).ToList();
            return known.Count == 0 ? (double?)null : Math.Round(known.Sum(v => v!.Value), 3);
        }
    }
}
