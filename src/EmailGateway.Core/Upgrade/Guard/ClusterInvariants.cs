using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Upgrade.Guard
{
    /// <summary>
    /// The states KB80406 warns against, judged from node statuses (read or projected). Each breach names
    /// the nodes involved; a mixed build or a second master is reported per pair of nodes, so taking one
    /// node away from a broken segment never counts as a new breach.
    /// </summary>
    public static class ClusterInvariants
    {
        public const string MixedBuildOnline = "MixedBuildOnline";
        public const string MultipleMasters = "MultipleMasters";
        public const string VirtualIpConflict = "VirtualIpConflict";
        public const string BadGreetingActive = "BadGreetingActive";

        /// <summary>
        /// Breaches in <paramref name="nodes"/>. Who serves an address is derived from the rules of the
        /// cluster (online master, else online failover, standalone on its own address), not read from
        /// vrrp.active, so read and projected states are judged alike.
        /// </summary>
        public static IReadOnlyList<InvariantBreach> Evaluate(IEnumerable<GuardNode> nodes)
        {
            var list = nodes.ToList();
            var breaches = new List<InvariantBreach>();
            foreach (var network in list.GroupBy(n => n.Network, StringComparer.OrdinalIgnoreCase))
            {
                var up = network.Where(n => IsUp(n.Node)).ToList();
                var virtualIps = KnownVirtualIps(network);
                foreach (var segment in up.Where(n => n.Node.IsClusterMember).GroupBy(n => n.Node.ClusterId))
                {
                    var members = segment.OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
                    foreach (var (a, b) in Pairs(members))
                    {
                        if (a.Node.Build != b.Node.Build)
                            breaches.Add(new InvariantBreach(MixedBuildOnline, new[] { a.Name, b.Name },
                                $"{a.Name} ({a.Node.Build}) and {b.Name} ({b.Node.Build}) would be online together in cluster {segment.Key}"));
                        if (a.Node.Mode == ClusterMode.Master && b.Node.Mode == ClusterMode.Master)
                            breaches.Add(new InvariantBreach(MultipleMasters, new[] { a.Name, b.Name },
                                $"{a.Name} and {b.Name} would both be online masters of cluster {segment.Key}"));
                    }
                }

                var answering = new List<(GuardNode Node, string Address)>();
                foreach (var node in up)
                {
                    if (ServedAddress(node.Node, up) is { } served) answering.Add((node, served));
                    if (!string.IsNullOrEmpty(node.Node.Address) && node.Node.Address != ServedAddress(node.Node, up)) answering.Add((node, node.Node.Address!));
                }
                foreach (var address in answering.GroupBy(a => a.Address, StringComparer.OrdinalIgnoreCase))
                {
                    var holders = address.Select(a => a.Node).Distinct().OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
                    foreach (var (a, b) in Pairs(holders))
                        breaches.Add(new InvariantBreach(VirtualIpConflict, new[] { a.Name, b.Name }, $"{a.Name} and {b.Name} would both answer for {address.Key}"));
                }

                foreach (var server in up.Where(n => ServesVirtualIp(n.Node, up, virtualIps)))
                {
                    var verdict = HeloName.Check(server.Node.Helo);
                    if (server.GreetingKnown && !verdict.IsValid)
                        breaches.Add(new InvariantBreach(BadGreetingActive, new[] { server.Name },
                            $"{server.Name} would serve {ServedAddress(server.Node, up)} greeting '{server.Node.Helo}': {verdict.Reason}"));
                }
            }
            return breaches;
        }

        /// <summary>The address a running, online node answers for as a server: its VIP (master; failover without an online master) or, standalone, its own.</summary>
        public static string? ServedAddress(GatewayNode node, IEnumerable<GuardNode> upInNetwork)
        {
            switch (node.Mode)
            {
                case ClusterMode.Master:
                    return node.VirtualIp;
                case ClusterMode.Failover:
                    var masterOnline = upInNetwork.Any(o => o.Node.Mode == ClusterMode.Master && o.Node.ClusterId == node.ClusterId && !ReferenceEquals(o.Node, node));
                    return masterOnline ? null : node.VirtualIp;
                case ClusterMode.Standalone:
                    return node.Address;
                default:
                    return null;
            }
        }

        /// <summary>Whether the node takes the mail sent to a cluster's virtual IP (a standalone node whose address is a VIP too).</summary>
        private static bool ServesVirtualIp(GatewayNode node, IReadOnlyList<GuardNode> up, HashSet<string> virtualIps)
        {
            var served = ServedAddress(node, up);
            if (served is null) return false;
            return node.Mode != ClusterMode.Standalone || virtualIps.Contains(served);
        }

        private static HashSet<string> KnownVirtualIps(IEnumerable<GuardNode> nodes) =>
            new HashSet<string>(nodes.Select(n => n.Node.VirtualIp).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!), StringComparer.OrdinalIgnoreCase);

        public static bool IsUp(GatewayNode node) => node.Power == PowerState.Running && node.NetworkState == NetworkState.Online;

        private static IEnumerable<(T, T)> Pairs<T>(IReadOnlyList<T> items)
        {
            for (var i = 0; i < items.Count; i++)
                for (var j = i + 1; j < items.Count; j++)
                    yield return (items[i], items[j]);
        }
    }

    /// <summary>One breach of an invariant, keyed by its name and nodes.</summary>
    public sealed class InvariantBreach : IEquatable<InvariantBreach>
    {
        public InvariantBreach(string name, IReadOnlyList<string> nodes, string detail)
        {
            Name = name;
            Nodes = nodes.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
            Detail = detail;
        }

        public string Name { get; }
        public IReadOnlyList<string> Nodes { get; }
        public string Detail { get; }

        public string Key => Name + "|" + string.Join(",", Nodes).ToLowerInvariant();

        public bool Equals(InvariantBreach? other) => other != null && other.Key == Key;
        public override bool Equals(object? obj) => Equals(obj as InvariantBreach);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
        public override string ToString() => $"{Name} [{string.Join(", ", Nodes)}]: {Detail}";
    }

    /// <summary>
    /// A node as the guard sees it: its status, the network it sits on (a lab, or the real network), and
    /// whether its greeting is known (a mode change to master makes a node greet with its own configured
    /// name, which no status shows beforehand).
    /// </summary>
    public sealed class GuardNode
    {
        public GuardNode(GatewayNode node, string? network = null, bool greetingKnown = true)
        {
            Node = node ?? throw new ArgumentNullException(nameof(node));
            Network = network ?? string.Empty;
            GreetingKnown = greetingKnown;
        }

        public GatewayNode Node { get; }
        public string Network { get; }
        public bool GreetingKnown { get; }
        public string Name => Node.ComputerName;

        public GuardNode With(Action<GatewayNode> change, bool? greetingKnown = null)
        {
            var copy = Node.Clone();
            change(copy);
            return new GuardNode(copy, Network, greetingKnown ?? GreetingKnown);
        }
    }
}
