using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>The nodes that carry one cluster identifier, with the subsets the rules keep asking for.</summary>
    public sealed class ClusterView
    {
        public ClusterView(int clusterId, IReadOnlyList<GatewayNode> nodes)
        {
            ClusterId = clusterId;
            Nodes = nodes;
            Members = nodes.Where(n => n.IsClusterMember).ToList();
            OnlineMembers = Members.Where(n => n.IsOnline && n.Power == PowerState.Running).ToList();
        }

        public int ClusterId { get; }
        public IReadOnlyList<GatewayNode> Nodes { get; }

        /// <summary>Nodes in a cluster mode (not standalone).</summary>
        public IReadOnlyList<GatewayNode> Members { get; }

        /// <summary>The segment: online, running members.</summary>
        public IReadOnlyList<GatewayNode> OnlineMembers { get; }

        public IEnumerable<GatewayNode> MembersIn(ClusterMode mode) => Members.Where(n => n.Mode == mode);
    }
}
