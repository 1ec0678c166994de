using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Model
{
    /// <summary>The verdict for one cluster identifier: in desired state when no finding is an error or warning.</summary>
    public sealed class ClusterConsistencyResult
    {
        public ClusterConsistencyResult(int clusterId, IReadOnlyList<string> nodes, IReadOnlyList<string> builds, IReadOnlyList<Finding> findings)
        {
            ClusterId = clusterId;
            Nodes = nodes;
            Builds = builds;
            Findings = findings;
        }

        public int ClusterId { get; }
        public IReadOnlyList<string> Nodes { get; }
        public IReadOnlyList<string> Builds { get; }
        public IReadOnlyList<Finding> Findings { get; }
        public bool InDesiredState => Findings.All(f => f.Severity == Severity.Information);

        /// <summary>The same verdict with more findings (checks that run after the rules, such as DNS).</summary>
        public ClusterConsistencyResult WithFindings(IEnumerable<Finding> more) =>
            new ClusterConsistencyResult(ClusterId, Nodes, Builds, Findings.Concat(more).OrderByDescending(f => f.Severity).ToList());

        public override string ToString() => $"Cluster {ClusterId}: {(InDesiredState ? "in desired state" : Findings.Count + " finding(s)")}";
    }
}
