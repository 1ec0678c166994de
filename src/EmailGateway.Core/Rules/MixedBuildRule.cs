using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>
    /// KB80406's cause: members of different build online together do not sync (the hazard). Different builds
    /// among members with only one build online is a cluster caught mid-upgrade: a warning, since bringing the
    /// other members online would form the mixed cluster.
    /// </summary>
    public sealed class MixedBuildRule : IClusterRule
    {
        public KbRule Rule => KbRules.MixedBuild;

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster)
        {
            var onlineBuilds = cluster.OnlineMembers.GroupBy(n => n.Build).ToList();
            if (onlineBuilds.Count > 1)
            {
                yield return new RuleBreach(Rule, cluster.Key, Severity.Error, cluster.OnlineMembers.Select(n => n.ComputerName),
                    $"Members of different builds {cluster.Are} online together in {cluster.Key}: {Describe(onlineBuilds)}. Configuration does not sync correctly (KB80406).",
                    isHazard: true, facts: cluster.OnlineMembers.Select(n => $"{n.ComputerName}={n.Build}"));
                yield break;
            }
            var allBuilds = cluster.Members.GroupBy(n => n.Build).ToList();
            if (allBuilds.Count > 1)
            {
                var offlineOdd = cluster.Members.Where(n => !cluster.OnlineMembers.Contains(n) && (onlineBuilds.Count == 0 || n.Build != onlineBuilds[0].Key)).ToList();
                yield return new RuleBreach(Rule, cluster.Key, Severity.Warning, offlineOdd.Select(n => n.ComputerName),
                    $"{RuleText.Capital(cluster.Key)} is mid-upgrade: {Describe(allBuilds)}. Bringing {string.Join(", ", offlineOdd.Select(n => n.ComputerName))} online now would mix builds (KB80406).");
            }
        }

        private static string Describe(IEnumerable<IGrouping<GatewayBuild?, GatewayNode>> groups) =>
            string.Join("; ", groups.Select(g => $"{g.Key} on {string.Join(", ", g.Select(n => n.ComputerName))}"));
    }
}
