using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>How a snapshot knows who answers for a virtual IP.</summary>
    public enum ServiceSource
    {
        /// <summary>As the nodes report it (vrrp.active): status reads and a lab's own state.</summary>
        Reported,

        /// <summary>By the KB's rules (the online master; without one the online failover; a standalone node whose address is a virtual IP): projected changes, which no node has reported yet.</summary>
        Derived,
    }

    /// <summary>
    /// A neutral picture of nodes for the KB's rules: from status reads, from a projected change, or from a
    /// lab's world. Nodes are grouped by segment, and within a segment by cluster (segment, cluster id).
    /// </summary>
    public sealed class NodeSnapshot
    {
        private NodeSnapshot(IEnumerable<SnapshotNode> nodes, ServiceSource service, IEnumerable<string>? virtualIps)
        {
            Service = service;
            Nodes = (nodes ?? throw new ArgumentNullException(nameof(nodes))).ToList();
            Segments = Nodes.GroupBy(n => n.Segment, ClusterKey.SegmentComparer)
                .OrderBy(g => g.Key, ClusterKey.SegmentComparer)
                .Select(g => new SegmentView(g.Key, g.ToList(), service, virtualIps))
                .ToList();
            Clusters = Segments.SelectMany(s => s.Clusters).OrderBy(c => c.Key).ToList();
        }

        /// <summary>Nodes as read (or as a lab holds them): who serves is what they report.</summary>
        public static NodeSnapshot Reported(IEnumerable<GatewayNode> nodes) => Reported(nodes.Select(n => new SnapshotNode(n)));

        public static NodeSnapshot Reported(IEnumerable<SnapshotNode> nodes) => new NodeSnapshot(nodes, ServiceSource.Reported, null);

        /// <summary>
        /// Nodes as a change would leave them: who serves is derived from the KB's rules, so read and projected
        /// states are judged alike. <paramref name="virtualIps"/> adds addresses known to be virtual IPs besides
        /// those the masters and failovers name.
        /// </summary>
        public static NodeSnapshot Derived(IEnumerable<SnapshotNode> nodes, IEnumerable<string>? virtualIps = null) =>
            new NodeSnapshot(nodes, ServiceSource.Derived, virtualIps);

        public ServiceSource Service { get; }
        public IReadOnlyList<SnapshotNode> Nodes { get; }
        public IReadOnlyList<SegmentView> Segments { get; }

        /// <summary>Every cluster of every segment, by segment and id; a standalone node sits in the cluster its id names.</summary>
        public IReadOnlyList<ClusterView> Clusters { get; }
    }

    /// <summary>
    /// The nodes of one network segment (one site's VRRP domain) and who answers for which address in it.
    /// </summary>
    public sealed class SegmentView
    {
        private readonly Dictionary<string, string?> _served = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _virtualIps;

        internal SegmentView(string name, IReadOnlyList<SnapshotNode> nodes, ServiceSource service, IEnumerable<string>? virtualIps)
        {
            Name = name;
            Nodes = nodes;
            Service = service;
            _virtualIps = new HashSet<string>(
                nodes.Where(n => n.Status.Mode == ClusterMode.Master || n.Status.Mode == ClusterMode.Failover)
                    .Select(n => n.Status.VirtualIp).Concat(virtualIps ?? Enumerable.Empty<string>())
                    .Where(v => !string.IsNullOrEmpty(v)).Select(v => v!),
                StringComparer.OrdinalIgnoreCase);
            foreach (var node in nodes) _served[node.Name] = Serve(node, service);
            Clusters = nodes.GroupBy(n => n.Status.ClusterId)
                .OrderBy(g => g.Key)
                .Select(g => new ClusterView(new ClusterKey(name, new ClusterId(g.Key)), this, g.OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList()))
                .ToList();
        }

        /// <summary>The segment's name; empty for the default segment.</summary>
        public string Name { get; }

        public ServiceSource Service { get; }

        public IReadOnlyList<SnapshotNode> Nodes { get; }
        public IReadOnlyList<ClusterView> Clusters { get; }

        /// <summary>True for an address a master or failover of the segment names as its virtual IP (or one given besides).</summary>
        public bool IsVirtualIp(string? address) => address != null && _virtualIps.Contains(address);

        /// <summary>The address the node answers for as a server now, or null when it serves none.</summary>
        public string? ServedAddress(GatewayNode node) => ServedAddress(node.ComputerName);

        public string? ServedAddress(string nodeName) => _served.TryGetValue(nodeName, out var served) ? served : null;

        /// <summary>Every node up with this address of its own, or serving it.</summary>
        public IReadOnlyList<GatewayNode> Holders(string address) =>
            address != null && HoldersByAddress.TryGetValue(address, out var holders) ? holders : Array.Empty<GatewayNode>();

        /// <summary>
        /// The served addresses that more than one node holds (serves, or has as its own while up), each once
        /// as first served, in ordinal order.
        /// </summary>
        public IReadOnlyList<string> SharedServedAddresses => _shared ??= Nodes
            .Select(n => ServedAddress(n.Status)).Where(a => a != null).Select(a => a!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(a => Holders(a).Count > 1)
            .OrderBy(a => a, StringComparer.Ordinal)
            .ToList();

        // Holders of every address, found in one pass over the nodes: the conflict rule asks for them from every
        // cluster of the segment, so asking the nodes each time grew with the cube of a segment's size.
        private Dictionary<string, IReadOnlyList<GatewayNode>> HoldersByAddress => _holders ??= Nodes
            .SelectMany(n => new[] { ServedAddress(n.Status), n.IsUp ? n.Status.Address : null }
                .Where(a => a != null).Select(a => a!).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(a => (Address: a, Node: n.Status)))
            .GroupBy(h => h.Address, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<GatewayNode>)g.Select(h => h.Node).OrderBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).ToList(),
                StringComparer.OrdinalIgnoreCase);

        private Dictionary<string, IReadOnlyList<GatewayNode>>? _holders;
        private IReadOnlyList<string>? _shared;

        /// <summary>The address a serving node answers for by its mode: the virtual IP (VRRP) or, standalone, its own.</summary>
        public static string? AddressServedBy(GatewayNode node) => node.Mode switch
        {
            ClusterMode.Master => node.VirtualIp,
            ClusterMode.Failover => node.VirtualIp,
            ClusterMode.Standalone => node.Address,
            _ => null,
        };

        // The KB's rule, or the node's own word for it: the online master serves the virtual IP; without an
        // online master of its cluster, the online failover; a standalone node whose address is a virtual IP too.
        private string? Serve(SnapshotNode node, ServiceSource service)
        {
            if (!node.IsUp || AddressServedBy(node.Status) is not { Length: > 0 } address) return null;
            if (service == ServiceSource.Reported) return node.Status.VrrpActive ? address : null;
            return node.Status.Mode switch
            {
                ClusterMode.Failover when Nodes.Any(o => o != node && o.IsUp && o.Status.Mode == ClusterMode.Master && o.Status.ClusterId == node.Status.ClusterId) => null,
                ClusterMode.Standalone when !IsVirtualIp(address) => null,
                _ => address,
            };
        }
    }
}
