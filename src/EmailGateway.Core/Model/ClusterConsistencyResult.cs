using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Model
{
    /// <summary>The verdict for one cluster (segment and cluster id): in desired state when no finding is an error or warning.</summary>
    public sealed class ClusterConsistencyResult
    {
        public ClusterConsistencyResult(int clusterId, IReadOnlyList<string> nodes, IReadOnlyList<string> builds, IReadOnlyList<Finding> findings, string? segment = null)
        {
            ClusterId = clusterId;
            Segment = ClusterKey.Normalize(segment);
            Nodes = nodes;
            Builds = builds;
            Findings = findings;
        }

        public int ClusterId { get; }

        /// <summary>The network segment of the cluster; empty for the default segment.</summary>
        public string Segment { get; }
        public IReadOnlyList<string> Nodes { get; }
        public IReadOnlyList<string> Builds { get; }
        public IReadOnlyList<Finding> Findings { get; }
        public bool InDesiredState => Findings.All(f => f.Severity == Severity.Information);

        /// <summary>The same verdict with more findings (checks that run after the rules, such as DNS).</summary>
        public ClusterConsistencyResult WithFindings(IEnumerable<Finding> more) =>
            new ClusterConsistencyResult(ClusterId, Nodes, Builds, Findings.Concat(more).OrderByDescending(f => f.Severity).ToList(), Segment);

        public override string ToString() => $"Cluster {ClusterId}: {(InDesiredState ? "in desired state" : Findings.Count + " finding(s)")}";
    }
}
