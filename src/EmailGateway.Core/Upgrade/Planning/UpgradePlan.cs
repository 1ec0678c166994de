using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Planning
{
    /// <summary>
    /// An upgrade of one cluster: the preflight verdict, the ordered steps of the chosen KB recipe, and
    /// the state every node should be in after each step. Runnable only when every preflight check passed.
    /// </summary>
    public sealed class UpgradePlan
    {
        /// <summary>The KB80406 recipe; named as the cmdlets' -Strategy parameter and the report's Strategy are.</summary>
        public UpgradeRecipe Strategy { get; set; }
        public InterimMode InterimMode { get; set; }
        public int ClusterId { get; set; }

        /// <summary>The cluster's network segment; empty for the default segment.</summary>
        public string Segment
        {
            get => _segment;
            set => _segment = ClusterKey.Normalize(value);
        }

        private string _segment = string.Empty;

        /// <summary>The cluster this plan upgrades: its segment and id.</summary>
        public ClusterKey Cluster => new ClusterKey(Segment, new ClusterId(ClusterId));
        public string Product { get; set; } = string.Empty;
        public GatewayBuild TargetBuild { get; set; } = GatewayBuild.Parse("0.0");

        /// <summary>The master's build when the plan was made.</summary>
        public GatewayBuild? SourceBuild { get; set; }

        public string? Master { get; set; }
        public string? Failover { get; set; }
        public IReadOnlyList<string> Scanners { get; set; } = Array.Empty<string>();
        public int ScannerBatchSize { get; set; }

        /// <summary>True when the plan re-seeds a corrupt or stale failover's greeting before it serves as interim node.</summary>
        public bool RepairsInterim { get; set; }

        public string? VirtualIp { get; set; }

        /// <summary>The nodes as read when the plan was made.</summary>
        public IReadOnlyList<GatewayNode> Nodes { get; set; } = Array.Empty<GatewayNode>();

        public IReadOnlyList<PreflightCheck> Preflight { get; set; } = Array.Empty<PreflightCheck>();
        public IReadOnlyList<UpgradeStep> Steps
        {
            get => _steps;
            set
            {
                _steps = value ?? throw new ArgumentNullException(nameof(value));
                foreach (var step in _steps)
                {
                    PlanOfStep.Remove(step);
                    PlanOfStep.Add(step, this);
                }
            }
        }

        private IReadOnlyList<UpgradeStep> _steps = Array.Empty<UpgradeStep>();

        // Steps written to the pipeline come back one by one; this finds their plan without the step pointing at it
        // (a step holding its plan would render the plan again inside every step of a report).
        private static readonly ConditionalWeakTable<UpgradeStep, UpgradePlan> PlanOfStep = new ConditionalWeakTable<UpgradeStep, UpgradePlan>();

        /// <summary>The plan a step belongs to, when the plan was made in this process; null otherwise.</summary>
        public static UpgradePlan? Of(UpgradeStep step) => PlanOfStep.TryGetValue(step, out var plan) ? plan : null;
        public DateTimeOffset CreatedAt { get; set; }

        public bool IsRunnable => Preflight.All(c => c.Passed) && Steps.Count > 0;
        public IReadOnlyList<PreflightCheck> FailedChecks => Preflight.Where(c => !c.Passed).ToList();

        public TimeSpan ExpectedOutage => TimeSpan.FromTicks(Steps.Sum(s => s.ExpectedOutage.Ticks));

        /// <summary>The expected maintenance window: the sum of the steps' expected durations (scanner batches run in parallel).</summary>
        public TimeSpan ExpectedDuration => TimeSpan.FromTicks(Steps.Sum(s => s.ExpectedDuration.Ticks));

        /// <summary>Every node's state before the first step.</summary>
        public IReadOnlyList<NodeExpectation> ExpectedBefore => Nodes.Select(NodeExpectation.From).ToList();

        public IReadOnlyList<NodeExpectation> ExpectedAfter(int stepIndex) => stepIndex <= 0 ? ExpectedBefore : Steps[stepIndex - 1].ExpectedAfter;

        public override string ToString() =>
            $"{Strategy}{(Strategy == UpgradeRecipe.FailoverPromotion ? " (interim " + InterimMode + ")" : string.Empty)} of {Cluster} to {TargetBuild}: " +
            (IsRunnable ? $"{Steps.Count} steps, expected outage {ExpectedOutage}" : $"not runnable, {FailedChecks.Count} failed check(s)");
    }
}
