using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.DesiredState;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>A node that did not answer: its name, why, and the cluster it was last seen in when that is known.</summary>
    public sealed class UnreadNode
    {
        public UnreadNode(string name, string reason, ClusterKey? lastSeenIn = null)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Reason = reason ?? string.Empty;
            LastSeenIn = lastSeenIn;
        }

        public string Name { get; }
        public string Reason { get; }
        public ClusterKey? LastSeenIn { get; }
    }

    /// <summary>The clusters of a rollout, each with its own plan and preflight, and the nodes that could be placed in none.</summary>
    public sealed class FleetPlan
    {
        internal FleetPlan(IReadOnlyList<FleetMember> members, IReadOnlyList<UnreadNode> unplaced, IReadOnlyList<ClusterKey> notGoverned)
        {
            Members = members;
            Unplaced = unplaced;
            NotGoverned = notGoverned;
        }

        /// <summary>One per cluster, by segment and id; a cluster whose preflight failed is refused with the failed checks.</summary>
        public IReadOnlyList<FleetMember> Members { get; }

        /// <summary>Nodes that did not answer and were not known to belong to any cluster: the rollout cannot tell whose preflight they fail.</summary>
        public IReadOnlyList<UnreadNode> Unplaced { get; }

        /// <summary>Clusters read that the desired state gives no build: a rollout to a desired state leaves them out.</summary>
        public IReadOnlyList<ClusterKey> NotGoverned { get; }

        public IReadOnlyList<UpgradePlan> Plans => Members.Select(m => m.Plan!).ToList();

        /// <summary>True when every cluster is already where the rollout would take it.</summary>
        public bool NothingToDo => Members.All(m => m.IsCurrent);
    }

    /// <summary>
    /// Splits nodes read from many clusters into one plan per cluster (segment and cluster id), each with its
    /// own preflight: a node that did not answer fails the preflight of the cluster it was last seen in.
    /// </summary>
    public static class FleetPlanner
    {
        /// <param name="desired">
        /// A desired state to converge to: each cluster goes to the build its entry names. Clusters it gives no
        /// build are left out; a cluster whose desired build is not the request's (the package's) is skipped,
        /// unless it already runs it.
        /// </param>
        public static FleetPlan Plan(UpgradeRequest request, IReadOnlyList<GatewayNode> nodes, IReadOnlyList<UnreadNode>? unread = null,
            Func<ClusterKey, string?>? runLockHolder = null, DateTimeOffset? now = null, DesiredStateDefinition? desired = null)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (nodes is null) throw new ArgumentNullException(nameof(nodes));
            unread ??= Array.Empty<UnreadNode>();
            var clusters = ClusterKey.GroupClusters(nodes).ToDictionary(g => g.Key, g => (IReadOnlyList<GatewayNode>)g.ToList());
            foreach (var node in unread.Where(u => u.LastSeenIn.HasValue && !clusters.ContainsKey(u.LastSeenIn.Value)))
                clusters[node.LastSeenIn!.Value] = Array.Empty<GatewayNode>();
            var notGoverned = desired is null ? new List<ClusterKey>() : clusters.Keys.Where(k => desired.TargetBuildFor(k) is null).OrderBy(k => k).ToList();

            var members = clusters.Where(c => !notGoverned.Contains(c.Key)).OrderBy(c => c.Key).Select(cluster =>
            {
                var context = new PreflightContext { RunLockHolder = runLockHolder?.Invoke(cluster.Key) };
                foreach (var node in unread.Where(u => u.LastSeenIn == cluster.Key)) context.Unreachable[node.Name] = node.Reason;
                var plan = UpgradePlanner.Create(request, cluster.Value, context, now);
                if (cluster.Value.Count == 0)
                {
                    plan.Segment = cluster.Key.Segment;
                    plan.ClusterId = cluster.Key.Id;
                }
                var member = new FleetMember(cluster.Key, plan);
                var wanted = desired?.TargetBuildFor(cluster.Key) ?? request.TargetBuild;
                if (IsCurrent(wanted, cluster.Value, context)) return member.MarkCurrent();
                if (wanted != request.TargetBuild)
                    return member.Refuse("DesiredBuildDiffers", $"{cluster.Key} should run {wanted} ({desired!.Source}), but this rollout installs {request.TargetBuild}; upgrade it with its own package.");
                if (plan.IsRunnable) return member;
                var failed = plan.FailedChecks.Select(c => $"{c.Name}: {c.Reason.TrimEnd('.')}").DefaultIfEmpty("the recipe has no steps for these nodes");
                return member.Refuse("PreflightFailed", $"The upgrade of {cluster.Key} did not pass its preflight: {string.Join("; ", failed)}.");
            }).ToList();
            return new FleetPlan(members, unread.Where(u => !u.LastSeenIn.HasValue).ToList(), notGoverned);
        }

        /// <summary>Every node answered, is online and runs the target build: the cluster is where the rollout would take it.</summary>
        private static bool IsCurrent(GatewayBuild target, IReadOnlyList<GatewayNode> nodes, PreflightContext context) =>
            nodes.Count > 0 && context.Unreachable.Count == 0 && nodes.All(n => n.IsOnline && n.Build == target);
    }
}
