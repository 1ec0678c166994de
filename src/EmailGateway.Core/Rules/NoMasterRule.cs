using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>Members online with no online master to source their configuration.</summary>
    public sealed class NoMasterRule : IClusterRule
    {
        public KbRule Rule => KbRules.NoMaster;

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster)
        {
            if (cluster.OnlineMembers.Count == 0 || cluster.OnlineMembers.Any(n => n.Mode == ClusterMode.Master)) yield break;
            yield return new RuleBreach(Rule, cluster.Key, Severity.Error, cluster.OnlineMembers.Select(n => n.ComputerName),
                $"{RuleText.Capital(cluster.Key)} has members online ({string.Join(", ", cluster.OnlineMembers.Select(n => n.ComputerName))}) but no online master to source their configuration.");
        }
    }
}
