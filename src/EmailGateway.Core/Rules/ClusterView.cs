using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>
    /// The nodes of one cluster (segment and cluster id), with the subsets the rules keep asking for and the
    /// segment around it (who serves which address).
    /// </summary>
    public sealed class ClusterView
    {
        private readonly Dictionary<string, SnapshotNode> _byName;

        internal ClusterView(ClusterKey key, SegmentView segment, IReadOnlyList<SnapshotNode> nodes)
        {
            Key = key;
            Segment = segment;
            _byName = nodes.ToDictionary(n => n.Name, System.StringComparer.OrdinalIgnoreCase);
            Nodes = nodes.Select(n => n.Status).ToList();
            Members = Nodes.Where(n => n.IsClusterMember).ToList();
            OnlineMembers = nodes.Where(n => n.IsUp && n.Status.IsClusterMember).Select(n => n.Status).ToList();
        }

        public ClusterKey Key { get; }

        /// <summary>The cluster id as a number, as findings carry it.</summary>
        public int ClusterId => Key.Id;

        public SegmentView Segment { get; }

        /// <summary>Every node carrying this cluster id in this segment, standalone ones included, by name.</summary>
        public IReadOnlyList<GatewayNode> Nodes { get; }

        /// <summary>Nodes in a cluster mode (not standalone).</summary>
        public IReadOnlyList<GatewayNode> Members { get; }

        /// <summary>The cluster as it runs: online, running members.</summary>
        public IReadOnlyList<GatewayNode> OnlineMembers { get; }

        public IEnumerable<GatewayNode> MembersIn(ClusterMode mode) => Members.Where(n => n.Mode == mode);

        /// <summary>The address the node answers for as a server now, or null.</summary>
        public string? ServedAddress(GatewayNode node) => Segment.ServedAddress(node);

        /// <summary>True when the nodes are a projection (a change not made yet): the rules word their findings as what would happen.</summary>
        public bool IsProjection => Segment.Service == ServiceSource.Derived;

        /// <summary>The verb for a state of the cluster: "are" as read, "would be" in a projection.</summary>
        public string Are => IsProjection ? "would be" : "are";

        public bool GreetingKnown(GatewayNode node) => !_byName.TryGetValue(node.ComputerName, out var entry) || entry.GreetingKnown;

        public override string ToString() => $"{Key}: {string.Join(", ", Nodes.Select(n => n.ComputerName))}";
    }
}
