using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Rules;

namespace EmailGateway.Consistency
{
    /// <summary>The consistency check: every KB rule over each cluster (segment and id) of nodes as read, one result per cluster.</summary>
    public sealed class ConsistencyChecker
    {
        private readonly KbRuleSet _rules;

        public ConsistencyChecker(IEnumerable<IClusterRule>? rules = null)
        {
            _rules = rules is null ? KbRuleSet.Default : new KbRuleSet(rules);
        }

        public IReadOnlyList<IClusterRule> Rules => _rules.Rules;

        public IReadOnlyList<ClusterConsistencyResult> Check(IEnumerable<GatewayNode> nodes) => Check(NodeSnapshot.Reported(nodes));

        public IReadOnlyList<ClusterConsistencyResult> Check(NodeSnapshot snapshot) => snapshot.Clusters.Select(CheckCluster).ToList();

        public ClusterConsistencyResult CheckCluster(ClusterView cluster)
        {
            var findings = _rules.Evaluate(cluster).Select(b => b.ToFinding()).OrderByDescending(f => f.Severity).ToList();
            var builds = cluster.Nodes.Select(n => n.Build?.ToString() ?? "unknown").Distinct().ToList();
            return new ClusterConsistencyResult(cluster.ClusterId, cluster.Nodes.Select(n => n.ComputerName).ToList(), builds, findings, cluster.Key.Segment);
        }
    }
}
