using System;
using System.Collections.Generic;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Planning
{
    /// <summary>What the admin asks for: the target build, the recipe, and how to run it.</summary>
    public sealed class UpgradeRequest
    {
        public UpgradeRequest(GatewayBuild targetBuild, UpgradeRecipe recipe)
        {
            TargetBuild = targetBuild ?? throw new ArgumentNullException(nameof(targetBuild));
            Recipe = recipe;
        }

        public GatewayBuild TargetBuild { get; }
        /// <summary>The KB80406 recipe (the cmdlets' -Strategy).</summary>
        public UpgradeRecipe Recipe { get; }
        public InterimMode InterimMode { get; set; } = InterimMode.Master;

        /// <summary>The package's product, when a package is given; checked against the nodes.</summary>
        public string? Product { get; set; }

        /// <summary>How many scanners update at once; 0 means all of them in one batch.</summary>
        public int ScannerBatchSize { get; set; }

        /// <summary>Re-seed a corrupt or stale failover's greeting from the master before it serves as interim node.</summary>
        public bool RepairInterim { get; set; }

        /// <summary>How long things take, for the plan's estimates.</summary>
        public PlanTimings Timings { get; set; } = new PlanTimings();
    }

    /// <summary>Durations the plan estimates outage and window with (the lab's are the defaults; a lab passes its own).</summary>
    public sealed class PlanTimings
    {
        public TimeSpan Update { get; set; } = TimeSpan.FromMinutes(20);
        public TimeSpan Restart { get; set; } = TimeSpan.FromMinutes(5);
        public TimeSpan VrrpTakeover { get; set; } = TimeSpan.FromSeconds(3);
        public TimeSpan Drain { get; set; } = TimeSpan.FromSeconds(5);
    }

    /// <summary>What the caller found out while reading the cluster, beyond the statuses themselves.</summary>
    public sealed class PreflightContext
    {
        /// <summary>Nodes that did not answer, with the reason.</summary>
        public IDictionary<string, string> Unreachable { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Who holds the cluster's run lock, when somebody does.</summary>
        public string? RunLockHolder { get; set; }
    }
}
