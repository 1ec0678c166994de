using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>
    /// KB80406's cause: members of different build online together do not sync. Different builds among
    /// members with only one build online is a cluster caught mid-upgrade: a warning, since bringing the
    /// other members online would form the mixed cluster.
    /// </summary>
    public sealed class MixedBuildRule : IConsistencyRule
    {
        public string Id => "MixedBuild";

        public IEnumerable<Finding> Evaluate(ClusterView cluster)
        {
            var onlineBuilds = cluster.OnlineMembers.GroupBy(n => n.Build).ToList();
            if (onlineBuilds.Count > 1)
            {
                yield return new Finding(Id, Severity.Error, cluster.ClusterId,
                    cluster.OnlineMembers.Select(n => n.ComputerName).ToList(),
                    $"Members of different builds are online together in cluster {cluster.ClusterId}: {Describe(onlineBuilds)}. Configuration does not sync correctly (KB80406).",
                    Remedies.Workaround1);
                yield break;
            }
            var allBuilds = cluster.Members.GroupBy(n => n.Build).ToList();
            if (allBuilds.Count > 1)
            {
                var offlineOdd = cluster.Members.Where(n => !cluster.OnlineMembers.Contains(n) && (onlineBuilds.Count == 0 || n.Build != onlineBuilds[0].Key)).ToList();
                yield return new Finding(Id, Severity.Warning, cluster.ClusterId,
                    offlineOdd.Select(n => n.ComputerName).ToList(),
                    $"Cluster {cluster.ClusterId} is mid-upgrade: {Describe(allBuilds)}. Bringing {string.Join(", ", offlineOdd.Select(n => n.ComputerName))} online now would mix builds (KB80406).",
                    Remedies.Workaround2);
            }
        }

        private static string Describe(IEnumerable<IGrouping<GatewayBuild?, GatewayNode>> groups) =>
            string.Join("; ", groups.Select(g => $"{g.Key} on {string.Join(", ", g.Select(n => n.ComputerName))}"));
    }
}
