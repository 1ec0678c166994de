using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    public sealed class MultipleMastersRule : IConsistencyRule
    {
        public string Id => "MultipleMasters";

        public IEnumerable<Finding> Evaluate(ClusterView cluster)
        {
            var masters = cluster.MembersIn(ClusterMode.Master).ToList();
            if (masters.Count < 2) yield break;
            var online = masters.Count(n => cluster.OnlineMembers.Contains(n));
            yield return new Finding(Id, online > 1 ? Severity.Error : Severity.Warning, cluster.ClusterId,
                masters.Select(n => n.ComputerName).ToList(),
                $"Cluster {cluster.ClusterId} has {masters.Count} masters ({string.Join(", ", masters.Select(n => n.ComputerName))}), {online} of them online.",
                Remedies.OneMaster);
        }
    }
}
