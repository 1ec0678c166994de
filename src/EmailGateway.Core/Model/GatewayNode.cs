using System;

namespace EmailGateway.Model
{
    /// <summary>
    /// One appliance as its <c>show status</c> describes it, plus the name of the session it was read through.
    /// Every field of the protocol's status document has a property here.
    /// </summary>
    public sealed class GatewayNode
    {
        private ClusterId _clusterId;

        /// <summary>The session name the node was reached through (what -ComputerName takes).</summary>
        public string ComputerName { get; set; } = string.Empty;

        public string Hostname { get; set; } = string.Empty;
        public string Product { get; set; } = string.Empty;
        public GatewayBuild? Build { get; set; }

        public ClusterMode Mode { get; set; }

        /// <summary>The cluster identifier, 0-255, as a plain number (so it sorts, filters and serializes as one).</summary>
        public int ClusterId
        {
            get => _clusterId;
            set => _clusterId = new ClusterId(value);
        }

        /// <summary>
        /// The network segment the node sits in (one site's VRRP domain); empty for the default segment.
        /// A cluster is identified by segment and cluster id (<see cref="ClusterKey"/>).
        /// </summary>
        public string Segment
        {
            get => _segment;
            set => _segment = ClusterKey.Normalize(value);
        }

        private string _segment = string.Empty;

        public string? VirtualIp { get; set; }
        public bool Scanning { get; set; }

        public NetworkState NetworkState { get; set; }
        public string? Address { get; set; }

        /// <summary>The SMTP greeting this node uses when it sends.</summary>
        public string Helo { get; set; } = string.Empty;

        public int ConfigRevision { get; set; }
        public SyncState Sync { get; set; }

        /// <summary>True when this node holds the cluster's virtual IP now.</summary>
        public bool VrrpActive { get; set; }

        public int MailQueue { get; set; }
        public PowerState Power { get; set; }

        /// <summary>When the status was read, in the node's clock (virtual time on a lab).</summary>
        public DateTimeOffset RetrievedAt { get; set; }

        public bool IsOnline => NetworkState == NetworkState.Online;
        public bool IsClusterMember => Mode != ClusterMode.Standalone;

        public GatewayNode Clone() => (GatewayNode)MemberwiseClone();

        public override string ToString() => $"{ComputerName} ({Mode}, cluster {ClusterId}, {Build})";
    }
}
