using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>Groups nodes by cluster id and runs every rule over each group: one result per cluster id.</summary>
    public sealed class ConsistencyChecker
    {
        public ConsistencyChecker(IEnumerable<IConsistencyRule>? rules = null)
        {
            Rules = (rules ?? DefaultRules()).ToList();
        }

        public IReadOnlyList<IConsistencyRule> Rules { get; }

        public static IEnumerable<IConsistencyRule> DefaultRules() => new IConsistencyRule[]
        {
            new MixedBuildRule(),
            new FallbackGreetingRule(),
            new ConfigNotInSyncRule(),
            new MultipleMastersRule(),
            new NoMasterRule(),
            new MultipleFailoversRule(),
            new VirtualIpMismatchRule(),
        };

        public IReadOnlyList<ClusterConsistencyResult> Check(IEnumerable<GatewayNode> nodes)
        {
            return nodes
                .GroupBy(n => n.ClusterId)
                .OrderBy(g => g.Key)
                .Select(g => CheckCluster(new ClusterView(g.Key, g.OrderBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).ToList())))
                .ToList();
        }

        public ClusterConsistencyResult CheckCluster(ClusterView cluster)
        {
            var findings = Rules.SelectMany(rule => rule.Evaluate(cluster))
                .OrderByDescending(f => f.Severity)
                .ToList();
            var builds = cluster.Nodes.Select(n => n.Build?.ToString() ?? "unknown").Distinct().ToList();
            return new ClusterConsistencyResult(cluster.ClusterId, cluster.Nodes.Select(n => n.ComputerName).ToList(), builds, findings);
        }
    }
}
