using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>
    /// Two nodes answering one served address: a second master on the virtual IP, a standalone node whose address
    /// is the virtual IP beside the node serving it, a member configured with the virtual IP as its own address.
    /// Judged across the segment, and reported by every cluster one of the nodes belongs to.
    /// </summary>
    public sealed class VirtualIpConflictRule : IClusterRule
    {
        public KbRule Rule => KbRules.VirtualIpConflict;

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster)
        {
            var mine = new HashSet<string>(cluster.Nodes.Select(n => n.ComputerName), StringComparer.OrdinalIgnoreCase);
            foreach (var address in cluster.Segment.SharedServedAddresses)
            {
                var holders = cluster.Segment.Holders(address);
                if (!holders.Any(h => mine.Contains(h.ComputerName))) continue;
                yield return new RuleBreach(Rule, cluster.Key, Severity.Error, holders.Select(h => h.ComputerName),
                    $"{holders.Count} nodes {(cluster.IsProjection ? "would answer" : "answer")} for {address}: {string.Join(", ", holders.Select(h => $"{h.ComputerName} ({How(h, address, cluster.Segment)})"))}.",
                    isHazard: true, facts: holders.Select(h => $"{h.ComputerName}@{address}"));
            }
        }

        private static string How(GatewayNode node, string address, SegmentView segment) =>
            string.Equals(segment.ServedAddress(node), address, StringComparison.OrdinalIgnoreCase)
                ? $"{ModeNames.ToWire(node.Mode)}, serves it"
                : $"{ModeNames.ToWire(node.Mode)}, its own address";
    }
}
