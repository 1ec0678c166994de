using System;
using System.Collections.Generic;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Planning
{
    /// <summary>
    /// What a node should look like at some point of a plan. Null fields are not checked. The plan keeps
    /// one set per step (the state after it), which is how -Resume finds where a run stopped.
    /// </summary>
    public sealed class NodeExpectation
    {
        public string ComputerName { get; set; } = string.Empty;
        public NetworkState? Network { get; set; }
        public ClusterMode? Mode { get; set; }
        public GatewayBuild? Build { get; set; }
        public int? ClusterId { get; set; }
        public string? Address { get; set; }
        public string? VirtualIp { get; set; }
        public string? Helo { get; set; }
        public SyncState? Sync { get; set; }

        public NodeExpectation Clone() => (NodeExpectation)MemberwiseClone();

        public static NodeExpectation From(GatewayNode node) => new NodeExpectation
        {
            ComputerName = node.ComputerName,
            Network = node.NetworkState,
            Mode = node.Mode,
            Build = node.Build,
            ClusterId = node.ClusterId,
            Address = node.Address,
            VirtualIp = node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Failover ? node.VirtualIp : null,
        };

        /// <summary>The fields of <paramref name="node"/> that differ from this expectation, worded; empty when it matches.</summary>
        public IReadOnlyList<string> Differences(GatewayNode node)
        {
            var differences = new List<string>();
            if (Network is { } network && node.NetworkState != network) differences.Add($"network {Word(node.NetworkState)}, expected {Word(network)}");
            if (Mode is { } mode && node.Mode != mode) differences.Add($"mode {ModeNames.ToWire(node.Mode)}, expected {ModeNames.ToWire(mode)}");
            if (Build != null && node.Build != Build) differences.Add($"build {node.Build}, expected {Build}");
            if (ClusterId is { } id && node.ClusterId != id) differences.Add($"cluster id {node.ClusterId}, expected {id}");
            if (Address != null && !string.Equals(node.Address, Address, StringComparison.OrdinalIgnoreCase)) differences.Add($"address {node.Address ?? "(none)"}, expected {Address}");
            if (VirtualIp != null && !string.Equals(node.VirtualIp, VirtualIp, StringComparison.OrdinalIgnoreCase)) differences.Add($"virtual IP {node.VirtualIp ?? "(none)"}, expected {VirtualIp}");
            if (Helo != null && !string.Equals(node.Helo, Helo, StringComparison.OrdinalIgnoreCase)) differences.Add($"greeting '{node.Helo}', expected '{Helo}'");
            if (Sync is { } sync && node.Sync != sync) differences.Add($"sync {ModeNames.ToWire(node.Sync)}, expected {ModeNames.ToWire(sync)}");
            return differences;
        }

        public bool Matches(GatewayNode node) => Differences(node).Count == 0;

        /// <summary>True when every checked field of <paramref name="node"/> equals either this or <paramref name="other"/> (a step half done).</summary>
        public bool MatchesEither(GatewayNode node, NodeExpectation other)
        {
            bool Field<T>(T? mine, T? theirs, T actual) where T : struct =>
                (mine is null || mine.Value.Equals(actual)) || (theirs is null || theirs.Value.Equals(actual));
            bool Text(string? mine, string? theirs, string? actual) =>
                mine is null || string.Equals(mine, actual, StringComparison.OrdinalIgnoreCase) || theirs is null || string.Equals(theirs, actual, StringComparison.OrdinalIgnoreCase);
            return Field(Network, other.Network, node.NetworkState)
                   && Field(Mode, other.Mode, node.Mode)
                   && (Build is null || node.Build == Build || other.Build is null || node.Build == other.Build)
                   && Field(ClusterId, other.ClusterId, node.ClusterId)
                   && Text(Address, other.Address, node.Address)
                   && Text(VirtualIp, other.VirtualIp, node.VirtualIp)
                   && Text(Helo, other.Helo, node.Helo)
                   && Field(Sync, other.Sync, node.Sync);
        }

        public override string ToString()
        {
            var parts = new List<string>();
            if (Network is { } network) parts.Add(Word(network));
            if (Mode is { } mode) parts.Add(ModeNames.ToWire(mode));
            if (Build != null) parts.Add(Build.ToString());
            if (Address != null) parts.Add("address " + Address);
            if (Helo != null) parts.Add("greets " + Helo);
            if (Sync is { } sync) parts.Add(ModeNames.ToWire(sync));
            return $"{ComputerName}: {string.Join(", ", parts)}";
        }

        private static string Word(NetworkState state) => ModeNames.ToWire(state);
    }
}
