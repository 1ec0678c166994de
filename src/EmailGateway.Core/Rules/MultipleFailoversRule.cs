using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    public sealed class MultipleFailoversRule : IConsistencyRule
    {
        public string Id => "MultipleFailovers";

        public IEnumerable<Finding> Evaluate(ClusterView cluster)
        {
            var failovers = cluster.MembersIn(ClusterMode.Failover).ToList();
            if (failovers.Count < 2) yield break;
            var online = failovers.Count(n => cluster.OnlineMembers.Contains(n));
            yield return new Finding(Id, online > 1 ? Severity.Error : Severity.Warning, cluster.ClusterId,
                failovers.Select(n => n.ComputerName).ToList(),
                $"Cluster {cluster.ClusterId} has {failovers.Count} failovers ({string.Join(", ", failovers.Select(n => n.ComputerName))}); at most one is allowed.",
                Remedies.OneFailover);
        }
    }
}
