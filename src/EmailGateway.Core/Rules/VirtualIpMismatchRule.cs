using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>Master and failover fail over by VRRP on one shared virtual IP; different ones break the takeover.</summary>
    public sealed class VirtualIpMismatchRule : IClusterRule
    {
        public KbRule Rule => KbRules.VirtualIpMismatch;

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster)
        {
            var pair = cluster.Members.Where(n => n.Mode == ClusterMode.Master || n.Mode == ClusterMode.Failover).ToList();
            var addresses = pair.Select(n => n.VirtualIp ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (pair.Count < 2 || addresses.Count < 2) yield break;
            yield return new RuleBreach(Rule, cluster.Key, Severity.Error, pair.Select(n => n.ComputerName),
                $"Master and failover of {cluster.Key} name different virtual IPs: {string.Join("; ", pair.Select(n => $"{n.ComputerName} {(string.IsNullOrEmpty(n.VirtualIp) ? "(none)" : n.VirtualIp)}"))}.");
        }
    }
}
