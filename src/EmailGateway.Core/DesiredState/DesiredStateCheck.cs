using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using EmailGateway.Model;

namespace EmailGateway.DesiredState
{
    /// <summary>The rule ids of desired-state findings.</summary>
    public static class DesiredRuleIds
    {
        public const string Build = "DesiredBuild";
        public const string Members = "DesiredMembers";
        public const string Mode = "DesiredMode";
        public const string ClusterId = "DesiredClusterId";
        public const string Greeting = "DesiredGreeting";
        public const string VirtualIp = "DesiredVirtualIp";
    }

    /// <summary>
    /// Compares the nodes read with a desired state: every difference is a finding, attached to the
    /// cluster (segment and id) it concerns, so it lands in that cluster's consistency result. Each cluster
    /// read is judged by the one entry that governs it (<see cref="DesiredStateDefinition.EntryFor"/>).
    /// </summary>
    public static class DesiredStateCheck
    {
        private const string UpgradeRemedy =
            "Bring the cluster to the desired build with the KB80406 recipes (see about_EmailGateway_Upgrade: Get-GatewayUpgradePlan, Invoke-GatewayClusterUpgrade), never leaving two builds online together; or correct the desired build.";

        public static IReadOnlyList<Finding> Compare(DesiredStateDefinition desired, IReadOnlyList<GatewayNode> nodes)
        {
            if (desired is null) throw new ArgumentNullException(nameof(desired));
            if (nodes is null) throw new ArgumentNullException(nameof(nodes));
            var read = nodes.Select(ClusterKey.Of).Distinct().OrderBy(k => k).ToList();
            var findings = new List<Finding>();
            foreach (var entry in desired.Clusters)
            {
                var governed = read.Where(k => ReferenceEquals(desired.EntryFor(k), entry)).ToList();
                // An entry for one segment is checked even when none of its nodes was read (its members are missing).
                if (governed.Count == 0 && entry.Members.Count > 0 && !entry.IsSegmentPattern) governed.Add(new ClusterKey(entry.Segment, entry.ClusterId));
                if (governed.Count == 0)
                    findings.Add(new Finding(DesiredRuleIds.Members, Severity.Warning, entry.ClusterId, Array.Empty<string>(),
                        $"No node of {entry.Describe()} was read.",
                        "Open sessions to the cluster's appliances (New-GatewaySession) and check again.", segment: PatternSegment(entry)));
                foreach (var cluster in governed) findings.AddRange(CompareCluster(cluster, entry, desired, nodes));
            }
            findings.AddRange(Undeclared(desired, nodes));
            return findings;
        }

        /// <summary>Adds the desired-state findings to the consistency results (one per cluster, new ones where no node was read).</summary>
        public static IReadOnlyList<ClusterConsistencyResult> Apply(IReadOnlyList<ClusterConsistencyResult> results, DesiredStateDefinition desired, IReadOnlyList<GatewayNode> nodes)
        {
            var extra = Compare(desired, nodes).ToLookup(f => new ClusterKey(f.Segment, new ClusterId(f.ClusterId)));
            var byKey = results.ToDictionary(r => new ClusterKey(r.Segment, new ClusterId(r.ClusterId)));
            var keys = byKey.Keys.Union(extra.Select(g => g.Key)).OrderBy(k => k);
            return keys.Select(key =>
            {
                byKey.TryGetValue(key, out var result);
                var findings = (result?.Findings ?? Array.Empty<Finding>()).Concat(extra[key]).OrderByDescending(f => f.Severity).ToList();
                return new ClusterConsistencyResult(key.Id, result?.Nodes ?? Array.Empty<string>(), result?.Builds ?? Array.Empty<string>(), findings, key.Segment);
            }).ToList();
        }

        /// <summary>Where a finding about an entry with no cluster read is filed: its segment, a pattern as written, or the default segment for '*'.</summary>
        private static string PatternSegment(DesiredCluster entry) => entry.Segment == "*" ? string.Empty : entry.Segment;

        private static IEnumerable<Finding> CompareCluster(ClusterKey cluster, DesiredCluster entry, DesiredStateDefinition desired, IReadOnlyList<GatewayNode> nodes)
        {
            var id = cluster.Id.Value;
            var segment = cluster.Segment;
            var inCluster = nodes.Where(n => ClusterKey.Of(n) == cluster).OrderBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).ToList();

            Finding Make(string rule, Severity severity, IReadOnlyList<string> names, string message, string remedy) =>
                new Finding(rule, severity, id, names, message, remedy, segment: segment);

            foreach (var member in entry.Members)
            {
                var node = nodes.FirstOrDefault(member.Matches);
                if (node is null)
                {
                    yield return Make(DesiredRuleIds.Members, Severity.Error, new[] { member.Name },
                        $"{member.Name} should be a member of {cluster}, but no node of that name was read.",
                        "Open a session to it (New-GatewaySession) and read it again, or correct the desired-state file.");
                    continue;
                }
                if (ClusterKey.Of(node) != cluster)
                {
                    yield return Make(DesiredRuleIds.ClusterId, Severity.Error, new[] { node.ComputerName },
                        ClusterKey.SameSegment(node.Segment, segment)
                            ? $"{node.ComputerName} should be in {cluster} but has cluster id {node.ClusterId}."
                            : $"{node.ComputerName} should be in {cluster} but is in {ClusterKey.Of(node)}.",
                        ClusterKey.SameSegment(node.Segment, segment)
                            ? $"Set-GatewayClusterId -ComputerName {node.ComputerName} -ClusterId {id}, once it runs the cluster's build (KB80406: never join a node to a cluster of another build)."
                            : $"It sits in another network segment ({SegmentName.Describe(node.Segment)}); move it or correct the desired-state file.");
                    continue;
                }
                if (member.Mode is { } mode && node.Mode != mode)
                    yield return Make(DesiredRuleIds.Mode, Severity.Error, new[] { node.ComputerName },
                        $"{node.ComputerName} runs as {node.Mode}; the desired mode is {mode}.",
                        $"Set-GatewayClusterMode -ComputerName {node.ComputerName} -Mode {mode} (a failover then needs a restart while online beside a master of its own build, KB80406 recipe B steps 7-9).");
            }

            if (entry.Members.Count > 0)
            {
                var listedAnywhere = desired.Clusters.SelectMany(c => c.Members).ToList();
                foreach (var node in inCluster.Where(n => n.IsClusterMember && !listedAnywhere.Any(m => m.Matches(n))))
                    yield return Make(DesiredRuleIds.Members, Severity.Error, new[] { node.ComputerName },
                        $"{node.ComputerName} ({node.Mode}) is in {cluster}, which the desired state does not list it in.",
                        "Give it a cluster id of its own or make it standalone (KB80406 workarounds 1 and 2), or add it to the desired-state file.");
            }

            if (entry.Build is { } build)
                foreach (var group in inCluster.Where(n => n.Build != build).GroupBy(n => n.Build?.ToString() ?? "unknown"))
                    yield return Make(DesiredRuleIds.Build, Severity.Error, Names(group),
                        $"{string.Join(", ", Names(group))} {(group.Count() == 1 ? "runs" : "run")} {group.Key}; {cluster} should run {build}.",
                        UpgradeRemedy);

            if (entry.Greeting is { } greeting)
                foreach (var group in inCluster.Where(n => !SameHost(n.Helo, greeting)).GroupBy(n => n.Helo, StringComparer.OrdinalIgnoreCase))
                    yield return Make(DesiredRuleIds.Greeting, Severity.Error, Names(group),
                        $"{string.Join(", ", Names(group))} {(group.Count() == 1 ? "greets" : "greet")} with '{group.Key}'; {cluster} should greet with '{greeting}'.",
                        "Set the greeting on the master (members of its build take it with the next push); a member whose configuration is stale or corrupt applies it only after a restart while online beside a master of its own build (KB80406).");

            if (entry.VirtualIp is { } virtualIp)
                foreach (var group in inCluster.Where(n => (n.Mode == ClusterMode.Master || n.Mode == ClusterMode.Failover) && !SameAddress(n.VirtualIp, virtualIp))
                             .GroupBy(n => n.VirtualIp ?? "none"))
                    yield return Make(DesiredRuleIds.VirtualIp, Severity.Error, Names(group),
                        $"{string.Join(", ", Names(group))} {(group.Count() == 1 ? "serves" : "serve")} virtual IP {group.Key}; {cluster} should serve {virtualIp}.",
                        $"Set-GatewayClusterMode -ComputerName <node> -Mode <its mode> -VirtualIp {virtualIp}, on the node that is offline first.");
        }

        private static IEnumerable<Finding> Undeclared(DesiredStateDefinition desired, IReadOnlyList<GatewayNode> nodes)
        {
            var listed = desired.Clusters.SelectMany(c => c.Members).ToList();
            return ClusterKey.GroupClusters(nodes.Where(n => n.IsClusterMember && desired.EntryFor(ClusterKey.Of(n)) is null && !listed.Any(m => m.Matches(n))))
                .Select(g => new Finding(DesiredRuleIds.Members, Severity.Warning, g.Key.Id, Names(g),
                    $"{char.ToUpperInvariant(g.Key.ToString()[0])}{g.Key.ToString().Substring(1)} ({string.Join(", ", Names(g))}) is not in the desired state.",
                    "Add the cluster to the desired-state file, or make its nodes standalone or part of a desired cluster.", segment: g.Key.Segment));
        }

        private static IReadOnlyList<string> Names(IEnumerable<GatewayNode> nodes) =>
            nodes.Select(n => n.ComputerName).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();

        private static bool SameHost(string? actual, string desired) =>
            string.Equals((actual ?? string.Empty).TrimEnd('.'), desired.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

        private static bool SameAddress(string? actual, string desired) =>
            actual != null && IPAddress.TryParse(actual, out var a) && IPAddress.TryParse(desired, out var d) && a.Equals(d);
    }
}
