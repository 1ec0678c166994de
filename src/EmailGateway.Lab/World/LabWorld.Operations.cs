using System;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Lab.World
{
    // What the appliance commands do to a node. Called by the shell, under the lock, with arguments
    // already validated; every change is followed by a settle (push, VIP, invariants).
    public sealed partial class LabWorld
    {
        internal void SetClusterId(LabNode node, ClusterId clusterId)
        {
            if (node.ClusterId == clusterId) return;
            node.ClusterId = clusterId;
            Settle();
        }

        internal void SetClusterMode(LabNode node, ClusterMode mode, string? virtualIp)
        {
            if (virtualIp != null) node.VirtualIp = virtualIp;
            if (node.Mode == mode) { Settle(); return; }
            var before = node.Mode;
            node.Mode = mode;
            switch (mode)
            {
                case ClusterMode.Master:
                case ClusterMode.Standalone:
                    node.Sync = SyncState.Source;
                    Note($"{node.Name}: now {ModeNames.ToWire(mode)} (was {ModeNames.ToWire(before)}); its own configuration source, greets '{node.Helo}'");
                    break;
                default:
                    // A new member applies the master's identity at its next boot beside it (failover) or next push (scanner).
                    if (node.Sync != SyncState.Corrupt) _sync.SetSync(node, SyncState.Stale, $"now {ModeNames.ToWire(mode)} (was {ModeNames.ToWire(before)})");
                    break;
            }
            Settle();
        }

        internal void SetNetwork(LabNode node, NetworkState state)
        {
            if (node.Network == state) return;
            node.Network = state;
            Settle();
        }

        internal void SetAddress(LabNode node, string address)
        {
            if (node.Address == address) return;
            node.Address = address;
            Settle();
        }

        /// <summary>A master's or standalone node's greeting is configuration (new revision, pushed); a member's is overwritten by the next push.</summary>
        internal void SetHelo(LabNode node, string helo)
        {
            if (node.ConfiguredHelo == helo) return;
            node.ConfiguredHelo = helo;
            if (node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Standalone)
            {
                node.Revision++;
                if (node.Mode == ClusterMode.Master && node.IsUp)
                    _sync.Push(_nodes.Where(n => n.IsUp && n.IsClusterMember && n.ClusterId == node.ClusterId).ToList(), "configuration changed");
            }
            Settle();
        }

        internal void BeginUpdate(LabNode node, GatewayBuild target)
        {
            node.Power = PowerState.Updating;
            node.Boot = new PendingBoot
            {
                Reason = BootReason.Update,
                TargetBuild = target,
                DueAt = node.Faults.UpdateNeverReturns ? (TimeSpan?)null : _elapsed + Timings.Update,
            };
            Note($"{node.Name}: updating {node.Build} -> {target}" + (node.Faults.UpdateNeverReturns ? " (will hang: injected fault)" : $", back in {Timings.Update}"));
            Settle();
        }

        internal void BeginRestart(LabNode node)
        {
            node.Power = PowerState.Rebooting;
            node.Boot = new PendingBoot { Reason = BootReason.Restart, DueAt = _elapsed + Timings.Restart };
            Settle();
        }

        internal void StoreUpload(LabNode node, string remotePath, byte[] content) => _uploads.Store(node, remotePath, content);

        internal byte[]? ReadUpload(LabNode node, string remotePath) => _uploads.Read(node, remotePath);

        /// <summary>Where a node's remote path lives under <see cref="UploadRoot"/>: <c>&lt;root&gt;/&lt;node&gt;/var/tmp/updates/&lt;file&gt;</c>.</summary>
        public string UploadFilePath(string nodeName, string remotePath)
        {
            lock (_gate)
            {
                if (_uploads.Root is null) throw new InvalidOperationException($"The lab '{Name}' keeps uploads in memory; it has no upload root.");
                return _uploads.FilePath(Node(nodeName), remotePath);
            }
        }
    }
}
