using System;
using System.Threading;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Lab.World
{
    // Time: the event loop that moves the lab forward.
    public sealed partial class LabWorld
    {
        /// <summary>Runs every event due up to <paramref name="target"/> in time order, with the mail stream in between.</summary>
        private void AdvanceToElapsed(TimeSpan target, CancellationToken cancellationToken = default)
        {
            if (target <= _elapsed) return;
            while (NextEventAt() is { } next && next <= target)
            {
                if (cancellationToken.IsCancellationRequested) return;
                FlowMail(next);
                _elapsed = next;
                RunDueEvents();
                Settle();
            }
            FlowMail(target);
            _elapsed = target;
            Settle();
        }

        private TimeSpan? NextEventAt()
        {
            TimeSpan? next = _nextPush;
            foreach (var node in _nodes)
            {
                if (node.Boot?.DueAt is { } due && due < next) next = due;
                if (!node.VrrpActive && node.VipClaimSince is { } since && since + Timings.VrrpTakeover < next)
                    next = since + Timings.VrrpTakeover;
            }
            // Never schedule into the past: a due event is run now.
            return next < _elapsed ? _elapsed : next;
        }

        private void RunDueEvents()
        {
            foreach (var node in _nodes.Where(n => n.Boot?.DueAt is { } due && due <= _elapsed).ToList())
                CompleteBoot(node);
            if (_nextPush <= _elapsed)
            {
                while (_nextPush <= _elapsed) _nextPush += Timings.ConfigPushInterval;
                foreach (var segment in Segments()) Push(segment.ToList(), "periodic push");
            }
        }

        private void CompleteBoot(LabNode node)
        {
            var boot = node.Boot!;
            node.Boot = null;
            node.Power = PowerState.Running;
            var updated = false;
            switch (boot.Reason)
            {
                case BootReason.Update when node.Faults.UpdateFails:
                    Note($"{node.Name}: update to {boot.TargetBuild} failed; back on {node.Build}");
                    break;
                case BootReason.Update:
                    node.Build = boot.TargetBuild!;
                    updated = true;
                    Note($"{node.Name}: update finished; running {node.Build} ({ModeNames.ToWire(node.Network)})");
                    break;
                case BootReason.PowerCycle:
                    Note($"{node.Name}: back after power cycle on {node.Build} ({ModeNames.ToWire(node.Network)})");
                    break;
                default:
                    Note($"{node.Name}: restart finished ({ModeNames.ToWire(node.Network)})");
                    break;
            }

            switch (node.Mode)
            {
                case ClusterMode.Master:
                case ClusterMode.Standalone:
                    node.Sync = SyncState.Source;
                    break;
                case ClusterMode.Failover when updated:
                    // The failover applies its synced identity only at boot, and an update's boot does not.
                    if (node.Sync == SyncState.InSync) SetSync(node, SyncState.Stale, "updated; identity not applied until a restart beside a same-build master");
                    break;
                default:
                    if (SameBuildMasterBeside(node) is { } master) Resync(node, master, "restarted beside a master of its build");
                    break;
            }
        }

        /// <summary>The one online master of the node's segment when it runs the node's build (the node itself online).</summary>
        private LabNode? SameBuildMasterBeside(LabNode node)
        {
            if (!node.IsUp || !node.IsClusterMember) return null;
            var masters = _nodes.Where(n => n.IsUp && n.Mode == ClusterMode.Master && n.ClusterId == node.ClusterId).ToList();
            return masters.Count == 1 && masters[0] != node && masters[0].Build == node.Build ? masters[0] : null;
        }
    }
}
