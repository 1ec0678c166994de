using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    public sealed class NoMasterRule : IConsistencyRule
    {
        public string Id => "NoMaster";

        public IEnumerable<Finding> Evaluate(ClusterView cluster)
        {
            if (cluster.OnlineMembers.Count == 0 || cluster.OnlineMembers.Any(n => n.Mode == ClusterMode.Master)) yield break;
            yield return new Finding(Id, Severity.Error, cluster.ClusterId,
                cluster.OnlineMembers.Select(n => n.ComputerName).ToList(),
                $"Cluster {cluster.ClusterId} has members online ({string.Join(", ", cluster.OnlineMembers.Select(n => n.ComputerName))}) but no online master to source their configuration.",
                Remedies.BringMaster);
        }
    }
}
