using System;
using System.Threading;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Lab.World
{
    // Time: the event loop that moves the lab forward, and the settling of the parts after every change.
    public sealed partial class LabWorld
    {
        /// <summary>Brings derived state up to date after any change; run at every command and every clock step.</summary>
        private void Settle(bool initial = false)
        {
            _mail.NoteNodesLeavingTraffic(_nodes, NowUnlocked);
            _sync.PushOnMembershipChange(_nodes);
            _election.Elect(_nodes, _elapsed, initial);
            _history.CheckInvariants(_nodes, NowUnlocked);
        }

        /// <summary>Runs every event due up to <paramref name="target"/> in time order, with the mail stream in between.</summary>
        private void AdvanceToElapsed(TimeSpan target, CancellationToken cancellationToken = default)
        {
            if (target <= _elapsed) return;
            while (NextEventAt() is { } next && next <= target)
            {
                if (cancellationToken.IsCancellationRequested) return;
                _mail.Flow(_nodes, _elapsed, next);
                _elapsed = next;
                RunDueEvents();
                Settle();
            }
            _mail.Flow(_nodes, _elapsed, target);
            _elapsed = target;
            Settle();
        }

        private TimeSpan? NextEventAt()
        {
            TimeSpan? next = _sync.NextPush;
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
            _sync.PushWhenDue(_nodes, _elapsed, Timings.ConfigPushInterval);
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
                    if (node.Sync == SyncState.InSync) _sync.SetSync(node, SyncState.Stale, "updated; identity not applied until a restart beside a same-build master");
                    break;
                default:
                    if (ConfigSync.SameBuildMasterBeside(node, _nodes) is { } master) _sync.Resync(node, master, "restarted beside a master of its build");
                    break;
            }
        }
    }
}
