using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Rules
{
    /// <summary>
    /// KB80406's symptom: a node greets with <c>scmgateway</c> (or any name that is not an FQDN), which strict
    /// receivers refuse. The hazard is such a node serving the virtual IP; a member that could take it over
    /// (an online master or failover) is an error too, other members a warning.
    /// </summary>
    public sealed class FallbackGreetingRule : IClusterRule
    {
        public KbRule Rule => KbRules.FallbackGreeting;

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster)
        {
            foreach (var node in cluster.Nodes)
            {
                var served = cluster.ServedAddress(node);
                var servesVirtualIp = served != null && (node.Mode != ClusterMode.Standalone || cluster.Segment.IsVirtualIp(served));
                if (!node.IsClusterMember && !servesVirtualIp) continue;
                // A projected node whose greeting no status shows yet is not judged by it.
                if (!cluster.GreetingKnown(node)) continue;
                var verdict = HeloName.Check(node.Helo);
                if (verdict.IsValid) continue;
                var risky = servesVirtualIp || (node.IsOnline && (node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Failover));
                var greets = servesVirtualIp && cluster.IsProjection ? $"would serve the virtual IP ({served}) greeting"
                    : servesVirtualIp ? $"holds the virtual IP now ({served}) and greets with"
                    : node.Mode == ClusterMode.Failover ? "would take over the virtual IP and greets with"
                    : "greets with";
                yield return new RuleBreach(Rule, cluster.Key, risky ? Severity.Error : Severity.Warning, new[] { node.ComputerName },
                    $"{node.ComputerName} {greets} '{node.Helo}': {verdict.Reason}. Receivers that check the HELO name refuse its mail (554).",
                    isHazard: servesVirtualIp, facts: new[] { $"{node.ComputerName}@{served}" });
            }
        }
    }
}
