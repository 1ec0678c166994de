using System;
using System.Collections.Generic;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Runs
{
    /// <summary>Where the plan of a run comes from.</summary>
    public enum RunSource
    {
        /// <summary>Made now from the named nodes and the recipe.</summary>
        Nodes,
        /// <summary>A plan made earlier (Get-GatewayUpgradePlan -AsPlan).</summary>
        Plan,
        /// <summary>The steps of a plan made earlier, piped back one by one.</summary>
        Steps,
        /// <summary>The journal of a stopped or failed run.</summary>
        Resume,
    }

    /// <summary>What an admin asks of an upgrade, as bound from the command line. Paths are already resolved.</summary>
    public sealed class UpgradeRunRequest
    {
        public RunSource Source { get; set; } = RunSource.Nodes;
        public IReadOnlyList<string> Nodes { get; set; } = Array.Empty<string>();
        public IReadOnlyList<UpgradeStep> Steps { get; set; } = Array.Empty<UpgradeStep>();
        public UpgradePlan? Plan { get; set; }
        public string? PackagePath { get; set; }
        /// <summary>The SHA-256 published with the package; a package that differs is refused before any node is read.</summary>
        public string? Sha256 { get; set; }
        public string? TargetBuild { get; set; }
        public UpgradeRecipe Recipe { get; set; }
        public InterimMode InterimMode { get; set; } = InterimMode.Master;
        public int ScannerBatchSize { get; set; }
        public bool RepairInterim { get; set; }
        public string? JournalPath { get; set; }
        public UpgradeOptions Options { get; set; } = new UpgradeOptions();
        public bool Rehearse { get; set; }

        /// <summary>How many nodes are read at once when the cluster is read (planning, rehearsal, resume).</summary>
        public int ThrottleLimit { get; set; } = EmailGateway.Execution.FanOut.DefaultThrottleLimit;
    }
}
