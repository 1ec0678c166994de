using System;
using EmailGateway.Model;

namespace EmailGateway.Output
{
    /// <summary>
    /// A node as the cmdlets write it: every field of <see cref="GatewayNode"/>, with modes and states by
    /// name and the build as its text, so filters, sorting and ConvertTo-Json see what the table shows.
    /// The typed node is <see cref="GetNode"/> (for example to compare builds by version, Patch and Hotfix);
    /// the cmdlets that take nodes from the pipeline bind it through the implicit conversion.
    /// </summary>
    public sealed class NodeOutput
    {
        private readonly GatewayNode _node;

        internal NodeOutput(GatewayNode node) => _node = node ?? throw new ArgumentNullException(nameof(node));

        public string ComputerName => _node.ComputerName;
        public string Hostname => _node.Hostname;
        public string Product => _node.Product;

        /// <summary>The build as written on the appliance, for example <c>7.6.4 P4 HF1</c>.</summary>
        public string? Build => OutputText.Text(_node.Build);

        public string Mode => OutputText.Name(_node.Mode);
        public int ClusterId => _node.ClusterId;
        public string Segment => _node.Segment;
        public string? VirtualIp => _node.VirtualIp;
        public bool Scanning => _node.Scanning;
        public string NetworkState => OutputText.Name(_node.NetworkState);
        public string? Address => _node.Address;

        /// <summary>The SMTP greeting (HELO name) the node sends with; also reachable as Greeting.</summary>
        public string Helo => _node.Helo;

        public int ConfigRevision => _node.ConfigRevision;
        public string Sync => OutputText.Name(_node.Sync);

        /// <summary>True when the node holds the cluster's virtual IP now; also reachable as VipHolder.</summary>
        public bool VrrpActive => _node.VrrpActive;

        public int MailQueue => _node.MailQueue;
        public string Power => OutputText.Name(_node.Power);
        public DateTimeOffset RetrievedAt => _node.RetrievedAt;
        public bool IsOnline => _node.IsOnline;
        public bool IsClusterMember => _node.IsClusterMember;

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public string Name => ComputerName;
        public int Cluster => ClusterId;
        public string Greeting => Helo;
        public bool Vip => VrrpActive;
        public bool VipHolder => VrrpActive;
        public string Network => NetworkState;
        public int Queue => MailQueue;

        /// <summary>The typed node: enums, and the build with its parts; a method, so ConvertTo-Json leaves it out.</summary>
        public GatewayNode GetNode() => _node;

        public static implicit operator GatewayNode(NodeOutput output) => output._node;

        public override string ToString() => _node.ToString();
    }
}
