using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>At most one failover per cluster: an error when two are online, a warning otherwise.</summary>
    public sealed class MultipleFailoversRule : IClusterRule
    {
        public KbRule Rule => KbRules.MultipleFailovers;

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster)
        {
            var failovers = cluster.MembersIn(ClusterMode.Failover).ToList();
            if (failovers.Count < 2) yield break;
            var online = failovers.Count(n => cluster.OnlineMembers.Contains(n));
            yield return new RuleBreach(Rule, cluster.Key, online > 1 ? Severity.Error : Severity.Warning, failovers.Select(n => n.ComputerName),
                $"{RuleText.Capital(cluster.Key)} has {failovers.Count} failovers ({string.Join(", ", failovers.Select(n => n.ComputerName))}); at most one is allowed.");
        }
    }
}
