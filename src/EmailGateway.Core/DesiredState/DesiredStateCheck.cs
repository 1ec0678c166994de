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
    /// cluster it concerns, so it lands in that cluster's consistency result.
    /// </summary>
    public static class DesiredStateCheck
    {
        private const string UpgradeRemedy =
            "Bring the cluster to the desired build with the KB80406 recipes (see about_EmailGateway_Upgrade: Get-GatewayUpgradePlan, Invoke-GatewayClusterUpgrade), never leaving two builds online together; or correct the desired build.";

        public static IReadOnlyList<Finding> Compare(DesiredStateDefinition desired, IReadOnlyList<GatewayNode> nodes)
        {
            if (desired is null) throw new ArgumentNullException(nameof(desired));
            if (nodes is null) throw new ArgumentNullException(nameof(nodes));
            var findings = new List<Finding>();
            foreach (var cluster in desired.Clusters) findings.AddRange(CompareCluster(cluster, desired, nodes));
            findings.AddRange(Undeclared(desired, nodes));
            return findings;
        }

        /// <summary>Adds the desired-state findings to the consistency results (one per cluster id, new ones where no node was read).</summary>
        public static IReadOnlyList<ClusterConsistencyResult> Apply(IReadOnlyList<ClusterConsistencyResult> results, DesiredStateDefinition desired, IReadOnlyList<GatewayNode> nodes)
        {
            var extra = Compare(desired, nodes).ToLookup(f => f.ClusterId);
            var byId = results.ToDictionary(r => r.ClusterId);
            var ids = byId.Keys.Union(extra.Select(g => g.Key)).OrderBy(id => id);
            return ids.Select(id =>
            {
                byId.TryGetValue(id, out var result);
                var findings = (result?.Findings ?? Array.Empty<Finding>()).Concat(extra[id]).OrderByDescending(f => f.Severity).ToList();
                return new ClusterConsistencyResult(id, result?.Nodes ?? Array.Empty<string>(), result?.Builds ?? Array.Empty<string>(), findings);
            }).ToList();
        }

        private static IEnumerable<Finding> CompareCluster(DesiredCluster cluster, DesiredStateDefinition desired, IReadOnlyList<GatewayNode> nodes)
        {
            var id = cluster.ClusterId;
            var inCluster = nodes.Where(n => n.ClusterId == id).OrderBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).ToList();

            foreach (var member in cluster.Members)
            {
                var node = nodes.FirstOrDefault(member.Matches);
                if (node is null)
                {
                    yield return new Finding(DesiredRuleIds.Members, Severity.Error, id, new[] { member.Name },
                        $"{member.Name} should be a member of cluster {id}, but no node of that name was read.",
                        "Open a session to it (New-GatewaySession) and read it again, or correct the desired-state file.");
                    continue;
                }
                if (node.ClusterId != id)
                {
                    yield return new Finding(DesiredRuleIds.ClusterId, Severity.Error, id, new[] { node.ComputerName },
                        $"{node.ComputerName} should be in cluster {id} but has cluster id {node.ClusterId}.",
                        $"Set-GatewayClusterId -ComputerName {node.ComputerName} -ClusterId {id}, once it runs the cluster's build (KB80406: never join a node to a cluster of another build).");
                    continue;
                }
                if (member.Mode is { } mode && node.Mode != mode)
                    yield return new Finding(DesiredRuleIds.Mode, Severity.Error, id, new[] { node.ComputerName },
                        $"{node.ComputerName} runs as {node.Mode}; the desired mode is {mode}.",
                        $"Set-GatewayClusterMode -ComputerName {node.ComputerName} -Mode {mode} (a failover then needs a restart while online beside a master of its own build, KB80406 recipe B steps 7-9).");
            }

            if (cluster.Members.Count > 0)
            {
                var listedAnywhere = desired.Clusters.SelectMany(c => c.Members).ToList();
                foreach (var node in inCluster.Where(n => n.IsClusterMember && !listedAnywhere.Any(m => m.Matches(n))))
                    yield return new Finding(DesiredRuleIds.Members, Severity.Error, id, new[] { node.ComputerName },
                        $"{node.ComputerName} ({node.Mode}) is in cluster {id}, which the desired state does not list it in.",
                        "Give it a cluster id of its own or make it standalone (KB80406 workarounds 1 and 2), or add it to the desired-state file.");
            }
            else if (inCluster.Count == 0)
            {
                yield return new Finding(DesiredRuleIds.Members, Severity.Warning, id, Array.Empty<string>(),
                    $"No node of cluster {id} was read.",
                    "Open sessions to the cluster's appliances (New-GatewaySession) and check again.");
            }

            if (cluster.Build is { } build)
                foreach (var group in inCluster.Where(n => n.Build != build).GroupBy(n => n.Build?.ToString() ?? "unknown"))
                    yield return new Finding(DesiredRuleIds.Build, Severity.Error, id, Names(group),
                        $"{string.Join(", ", Names(group))} {(group.Count() == 1 ? "runs" : "run")} {group.Key}; cluster {id} should run {build}.",
                        UpgradeRemedy);

            if (cluster.Greeting is { } greeting)
                foreach (var group in inCluster.Where(n => !SameHost(n.Helo, greeting)).GroupBy(n => n.Helo, StringComparer.OrdinalIgnoreCase))
                    yield return new Finding(DesiredRuleIds.Greeting, Severity.Error, id, Names(group),
                        $"{string.Join(", ", Names(group))} {(group.Count() == 1 ? "greets" : "greet")} with '{group.Key}'; cluster {id} should greet with '{greeting}'.",
                        "Set the greeting on the master (members of its build take it with the next push); a member whose configuration is stale or corrupt applies it only after a restart while online beside a master of its own build (KB80406).");

            if (cluster.VirtualIp is { } virtualIp)
                foreach (var group in inCluster.Where(n => (n.Mode == ClusterMode.Master || n.Mode == ClusterMode.Failover) && !SameAddress(n.VirtualIp, virtualIp))
                             .GroupBy(n => n.VirtualIp ?? "none"))
                    yield return new Finding(DesiredRuleIds.VirtualIp, Severity.Error, id, Names(group),
                        $"{string.Join(", ", Names(group))} {(group.Count() == 1 ? "serves" : "serve")} virtual IP {group.Key}; cluster {id} should serve {virtualIp}.",
                        $"Set-GatewayClusterMode -ComputerName <node> -Mode <its mode> -VirtualIp {virtualIp}, on the node that is offline first.");
        }

        private static IEnumerable<Finding> Undeclared(DesiredStateDefinition desired, IReadOnlyList<GatewayNode> nodes)
        {
            var declared = new HashSet<int>(desired.Clusters.Select(c => c.ClusterId.Value));
            var listed = desired.Clusters.SelectMany(c => c.Members).ToList();
            return nodes
                .Where(n => n.IsClusterMember && !declared.Contains(n.ClusterId) && !listed.Any(m => m.Matches(n)))
                .GroupBy(n => n.ClusterId)
                .OrderBy(g => g.Key)
                .Select(g => new Finding(DesiredRuleIds.Members, Severity.Warning, g.Key, Names(g),
                    $"Cluster {g.Key} ({string.Join(", ", Names(g))}) is not in the desired state.",
                    "Add the cluster to the desired-state file, or make its nodes standalone or part of a desired cluster."));
        }

        private static IReadOnlyList<string> Names(IEnumerable<GatewayNode> nodes) =>
            nodes.Select(n => n.ComputerName).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();

        private static bool SameHost(string? actual, string desired) =>
            string.Equals((actual ?? string.Empty).TrimEnd('.'), desired.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

        private static bool SameAddress(string? actual, string desired) =>
            actual != null && IPAddress.TryParse(actual, out var a) && IPAddress.TryParse(desired, out var d) && a.Equals(d);
    }
}
