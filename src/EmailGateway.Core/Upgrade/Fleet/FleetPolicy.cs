using System;

namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>
    /// How a rollout over many clusters proceeds: how many clusters upgrade at once, how many go first
    /// alone as canaries, and after how many failed clusters nothing new starts.
    /// </summary>
    public sealed class FleetPolicy
    {
        public const int MaxThrottle = 64;

        /// <summary>Clusters upgraded at once after the canaries; 1 (the default) upgrades one after another.</summary>
        public int ClusterThrottleLimit { get; set; } = 1;

        /// <summary>The first clusters to run, one at a time, before any other starts; the rest start only if every canary succeeded.</summary>
        public int CanaryCount { get; set; }

        /// <summary>After this many clusters failed no new cluster starts, and running ones stop at their next safe point.</summary>
        public int MaxFailedClusters { get; set; } = 1;

        public void Validate()
        {
            if (ClusterThrottleLimit < 1 || ClusterThrottleLimit > MaxThrottle)
                throw new ArgumentOutOfRangeException(nameof(ClusterThrottleLimit), ClusterThrottleLimit, $"ClusterThrottleLimit must be 1-{MaxThrottle}.");
            if (CanaryCount < 0) throw new ArgumentOutOfRangeException(nameof(CanaryCount), CanaryCount, "CanaryCount cannot be negative.");
            if (MaxFailedClusters < 1) throw new ArgumentOutOfRangeException(nameof(MaxFailedClusters), MaxFailedClusters, "MaxFailedClusters must be at least 1.");
        }

        public override string ToString() =>
            $"{ClusterThrottleLimit} at once" + (CanaryCount > 0 ? $" after {CanaryCount} canar{(CanaryCount == 1 ? "y" : "ies")}" : string.Empty) +
            $", halt after {MaxFailedClusters} failed";
    }
}
