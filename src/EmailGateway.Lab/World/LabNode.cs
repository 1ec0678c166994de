using System;
using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Lab.World
{
    /// <summary>Why a node is rebooting, which decides what it applies when it comes back.</summary>
    internal enum BootReason
    {
        Restart,
        Update,
        /// <summary>A hung update was power-cycled after its fault was cleared: back on the old build.</summary>
        PowerCycle,
    }

    internal sealed class PendingBoot
    {
        public BootReason Reason { get; set; }

        /// <summary>Lab time the node is running again; null when it never returns (injected fault).</summary>
        public TimeSpan? DueAt { get; set; }

        public GatewayBuild? TargetBuild { get; set; }
    }

    /// <summary>
    /// One simulated appliance. Mutable, and only ever touched under the world's lock.
    /// The greeting it stores (<see cref="ConfiguredHelo"/>) is kept across updates; the greeting it
    /// uses (<see cref="Helo"/>) is the factory one while its synced configuration is stale or corrupt.
    /// </summary>
    internal sealed class LabNode
    {
        public LabNode(string name) => Name = name;

        public string Name { get; }
        public string Hostname { get; set; } = string.Empty;
        public string Product { get; set; } = "MEG";
        public GatewayBuild Build { get; set; } = GatewayBuild.Parse("7.6.4");
        public ClusterMode Mode { get; set; }
        public ClusterId ClusterId { get; set; }
        public string? VirtualIp { get; set; }
        public bool Scanning { get; set; } = true;
        public NetworkState Network { get; set; }
        public string? Address { get; set; }
        public string ConfiguredHelo { get; set; } = string.Empty;
        public int Revision { get; set; }
        public SyncState Sync { get; set; }
        public PowerState Power { get; set; }
        public PendingBoot? Boot { get; set; }

        /// <summary>Arrival times (lab time) of the messages this node holds, oldest first.</summary>
        public List<TimeSpan> Queue { get; } = new List<TimeSpan>();

        /// <summary>Since when the node wants the virtual IP; it takes it once the takeover delay has passed.</summary>
        public TimeSpan? VipClaimSince { get; set; }
        public bool VrrpActive { get; set; }
        public TimeSpan ActiveSince { get; set; }

        /// <summary>Whether the node was taking traffic at the last settle (to see it leave with a queue).</summary>
        public bool WasUp { get; set; }

        /// <summary>Set once the timeline notes that this node's deliveries are being refused.</summary>
        public bool RejectionNoted { get; set; }

        public LabFaults Faults { get; set; } = new LabFaults();
        public Dictionary<string, byte[]> Uploads { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        /// <summary>Running and online: part of the traffic and cluster network.</summary>
        public bool IsUp => Power == PowerState.Running && Network == NetworkState.Online;

        public bool IsClusterMember => Mode != ClusterMode.Standalone;

        public string Helo => Sync == SyncState.Stale || Sync == SyncState.Corrupt ? HeloName.FactoryDefault : ConfiguredHelo;

        /// <summary>
        /// What the lab's strict receiver answers this node's greeting: the same receiver rules the greeting
        /// checks use (syntax only: the lab has no DNS). Null when the greeting is accepted.
        /// </summary>
        public ReceiverReply? GreetingRejection => ReceiverRules.SyntaxRejection(Helo, HeloName.Check(Helo));

        public bool GreetingIsValid => GreetingRejection is null;

        /// <summary>The address this node answers for when it serves: the virtual IP (VRRP) or, standalone, its own.</summary>
        public string? ServedAddress => Mode switch
        {
            ClusterMode.Master => VirtualIp,
            ClusterMode.Failover => VirtualIp,
            ClusterMode.Standalone => Address,
            _ => null,
        };

        public GatewayNode ToStatus(DateTimeOffset now) => new GatewayNode
        {
            ComputerName = Name,
            Hostname = Hostname,
            Product = Product,
            Build = Build,
            Mode = Mode,
            ClusterId = ClusterId,
            VirtualIp = VirtualIp,
            Scanning = Scanning,
            NetworkState = Network,
            Address = Address,
            Helo = Helo,
            ConfigRevision = Revision,
            Sync = Sync,
            VrrpActive = VrrpActive,
            MailQueue = Queue.Count,
            Power = Power,
            RetrievedAt = now,
        };
    }
}
