using System;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Reporting
{
    /// <summary>
    /// A node's state as a run read it, kept when it differed from the previous reading of that node.
    /// Text fields hold the enum names, so the report serializes with names.
    /// </summary>
    public sealed class NodeObservation
    {
        /// <summary>On the cluster's clock (virtual time on a lab).</summary>
        public DateTimeOffset Time { get; set; }
        public string ComputerName { get; set; } = string.Empty;
        public string Mode { get; set; } = string.Empty;
        public string Network { get; set; } = string.Empty;
        public string Power { get; set; } = string.Empty;
        public string Build { get; set; } = string.Empty;

        /// <summary>True when the node held the cluster's virtual IP (vrrp.active on the address the plan serves).</summary>
        public bool ServesVirtualIp { get; set; }

        /// <summary>True when <paramref name="other"/> describes the same state (the time aside).</summary>
        public bool SameState(NodeObservation other) =>
            string.Equals(ComputerName, other.ComputerName, StringComparison.OrdinalIgnoreCase) && Mode == other.Mode && Network == other.Network
            && Power == other.Power && Build == other.Build && ServesVirtualIp == other.ServesVirtualIp;

        public override string ToString() =>
            $"{Time:HH:mm:ss} {ComputerName}: {Mode}, {Network}, {Power}, {Build}{(ServesVirtualIp ? ", serves the virtual IP" : string.Empty)}";
    }

    /// <summary>A period during which nobody served the virtual IP.</summary>
    public sealed class OutageWindow
    {
        public DateTimeOffset From { get; set; }
        public DateTimeOffset To { get; set; }
        public double Seconds => Durations.Seconds(To - From);
        public override string ToString() => $"{From:HH:mm:ss}-{To:HH:mm:ss} ({Seconds:0.###} s)";
    }
}
