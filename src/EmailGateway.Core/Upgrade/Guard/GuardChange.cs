using System;
using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Rules;

namespace EmailGateway.Upgrade.Guard
{
    /// <summary>What a command would change on one node, for the guard to project before it is sent.</summary>
    public sealed class GuardChange
    {
        private GuardChange(string node, string description) { NodeName = node; Description = description; }

        public string NodeName { get; }
        public string Description { get; }
        public NetworkState? Network { get; private set; }
        public ClusterMode? Mode { get; private set; }
        public string? VirtualIp { get; private set; }
        public ClusterId? ClusterId { get; private set; }
        public string? Address { get; private set; }
        public GatewayBuild? UpdateTo { get; private set; }
        public bool Restart { get; private set; }

        public static GuardChange SetNetwork(string node, NetworkState state) =>
            new GuardChange(node, $"set {node} {state.ToString().ToLowerInvariant()}") { Network = state };

        public static GuardChange SetMode(string node, ClusterMode mode, string? virtualIp = null) =>
            new GuardChange(node, $"make {node} {ModeNames.ToWire(mode)}") { Mode = mode, VirtualIp = virtualIp };

        public static GuardChange SetClusterId(string node, ClusterId clusterId) =>
            new GuardChange(node, $"give {node} cluster id {clusterId}") { ClusterId = clusterId };

        public static GuardChange SetAddress(string node, string address) =>
            new GuardChange(node, $"give {node} the address {address}") { Address = address };

        public static GuardChange Update(string node, GatewayBuild build) =>
            new GuardChange(node, $"update {node} to {build}") { UpdateTo = build ?? throw new ArgumentNullException(nameof(build)) };

        public static GuardChange RestartNode(string node) => new GuardChange(node, $"restart {node}") { Restart = true };

        public override string ToString() => Description;

        /// <summary>The node while the command is under way (an update or restart takes it out of service).</summary>
        internal SnapshotNode During(SnapshotNode node)
        {
            // An update to the build a node already runs installs nothing and takes nothing out of service.
            if (UpdateTo != null && UpdateTo != node.Status.Build) return node.With(n => n.Power = PowerState.Updating);
            if (Restart) return node.With(n => n.Power = PowerState.Rebooting);
            return After(node);
        }

        /// <summary>The node once the command has taken effect.</summary>
        internal SnapshotNode After(SnapshotNode node)
        {
            var greetingKnown = node.GreetingKnown;
            var result = node.With(n =>
            {
                n.Power = PowerState.Running;
                if (Network is { } network) n.NetworkState = network;
                if (ClusterId is { } id) n.ClusterId = id;
                if (Address != null) n.Address = Address;
                if (VirtualIp != null) n.VirtualIp = VirtualIp;
                if (Mode is { } mode && mode != n.Mode)
                {
                    var before = n.Mode;
                    n.Mode = mode;
                    if (mode == ClusterMode.Master || mode == ClusterMode.Standalone)
                    {
                        // It becomes its own configuration source and greets with its configured name,
                        // which a member's status does not show while it is stale or corrupt.
                        if (n.Sync == SyncState.Stale || n.Sync == SyncState.Corrupt) greetingKnown = false;
                        n.Sync = SyncState.Source;
                    }
                    else if (n.Sync != SyncState.Corrupt)
                    {
                        n.Sync = SyncState.Stale;
                        if (mode == ClusterMode.Failover) n.Helo = Smtp.HeloName.FactoryDefault;
                    }
                }
                if (UpdateTo != null && UpdateTo != n.Build)
                {
                    n.Build = UpdateTo;
                    if (n.Mode == ClusterMode.Failover && n.Sync == SyncState.InSync)
                    {
                        // A failover applies its identity only at a restart beside a same-build master.
                        n.Sync = SyncState.Stale;
                        n.Helo = Smtp.HeloName.FactoryDefault;
                    }
                }
            });
            return greetingKnown == result.GreetingKnown ? result : new SnapshotNode(result.Status, result.Segment, greetingKnown);
        }

        internal static IReadOnlyList<SnapshotNode> Apply(IReadOnlyList<SnapshotNode> nodes, IEnumerable<GuardChange> changes, bool during)
        {
            var byName = new Dictionary<string, GuardChange>(StringComparer.OrdinalIgnoreCase);
            foreach (var change in changes) byName[change.NodeName] = change;
            var result = new List<SnapshotNode>(nodes.Count);
            foreach (var node in nodes)
                result.Add(byName.TryGetValue(node.Name, out var change) ? (during ? change.During(node) : change.After(node)) : node);
            return result;
        }
    }
}
