using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>One master per cluster. Two online together is the hazard; an extra master kept offline (recipe B's interim) a warning.</summary>
    public sealed class MultipleMastersRule : IClusterRule
    {
        public KbRule Rule => KbRules.MultipleMasters;

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster)
        {
            var masters = cluster.MembersIn(ClusterMode.Master).ToList();
            if (masters.Count < 2) yield break;
            var online = masters.Where(n => cluster.OnlineMembers.Contains(n)).ToList();
            var hazard = online.Count > 1;
            yield return new RuleBreach(Rule, cluster.Key, hazard ? Severity.Error : Severity.Warning,
                (hazard ? online : masters).Select(n => n.ComputerName),
                $"{RuleText.Capital(cluster.Key)} {(cluster.IsProjection ? "would have" : "has")} {masters.Count} masters ({string.Join(", ", masters.Select(n => n.ComputerName))}), {online.Count} of them online.",
                isHazard: hazard, facts: online.Select(n => n.ComputerName));
        }
    }
}
