using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Rules;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Lab.World
{
    // The KB80406 world's mechanics: configuration push, the virtual IP election, and the invariants (the KB rules' hazards).
    public sealed partial class LabWorld
    {
        /// <summary>Brings derived state up to date after any change; run at every command and every clock step.</summary>
        private void Settle(bool initial = false)
        {
            NoteNodesLeavingTraffic();
            PushOnMembershipChange();
            ElectVirtualIpHolders(initial);
            CheckInvariants();
        }

        /// <summary>A segment: the online, running, non-standalone nodes sharing a cluster id.</summary>
        private IEnumerable<IGrouping<ClusterId, LabNode>> Segments() =>
            _nodes.Where(n => n.IsUp && n.IsClusterMember).GroupBy(n => n.ClusterId).OrderBy(g => g.Key);

        private void NoteNodesLeavingTraffic()
        {
            foreach (var node in _nodes)
            {
                if (node.WasUp && !node.IsUp && node.Queue.Count > 0)
                {
                    _stranded += node.Queue.Count;
                    Note($"{node.Name}: left the traffic network with {node.Queue.Count} message(s) queued");
                }
                node.WasUp = node.IsUp;
            }
        }

        private void PushOnMembershipChange()
        {
            var present = new HashSet<int>();
            foreach (var segment in Segments())
            {
                present.Add(segment.Key);
                var members = string.Join(",", segment.Select(n => n.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
                if (_segmentMembers.TryGetValue(segment.Key, out var before) && before == members) continue;
                _segmentMembers[segment.Key] = members;
                Push(segment.ToList(), "membership changed");
            }
            foreach (var gone in _segmentMembers.Keys.Where(k => !present.Contains(k)).ToList()) _segmentMembers.Remove(gone);
        }

        /// <summary>The segment's one online master sends its configuration (revision, greeting) to the members.</summary>
        internal void Push(IReadOnlyList<LabNode> segment, string why)
        {
            var masters = segment.Where(n => n.Mode == ClusterMode.Master).ToList();
            if (masters.Count != 1) return;
            var master = masters[0];
            foreach (var member in segment.Where(n => n != master))
            {
                if (member.Build != master.Build)
                {
                    // KB80406: configuration is not reflected correctly between builds.
                    if (member.Sync != SyncState.Corrupt || member.ConfiguredHelo != HeloName.FactoryDefault)
                    {
                        member.ConfiguredHelo = HeloName.FactoryDefault;
                        SetSync(member, SyncState.Corrupt, $"{why}: push from {master.Name} on {master.Build} not reflected correctly on {member.Build}");
                    }
                    continue;
                }
                if (member.Sync == SyncState.Corrupt) continue; // only a restart beside a same-build master cures it
                if (member.Mode == ClusterMode.Scanner || member.Sync == SyncState.InSync)
                {
                    var changed = member.Sync != SyncState.InSync || member.Revision != master.Revision || member.ConfiguredHelo != master.ConfiguredHelo;
                    member.Revision = master.Revision;
                    member.ConfiguredHelo = master.ConfiguredHelo;
                    if (changed) SetSync(member, SyncState.InSync, $"{why}: took revision {master.Revision} from {master.Name}");
                }
                // A stale failover keeps its state: it applies the master's identity only at its next boot.
            }
        }

        internal void Resync(LabNode node, LabNode master, string why)
        {
            node.Revision = master.Revision;
            node.ConfiguredHelo = master.ConfiguredHelo;
            SetSync(node, SyncState.InSync, $"{why}: took revision {master.Revision} from {master.Name}");
        }

        internal void SetSync(LabNode node, SyncState sync, string why)
        {
            var before = node.Sync;
            node.Sync = sync;
            if (before != sync) Note($"{node.Name}: sync {ModeNames.ToWire(before)} -> {ModeNames.ToWire(sync)} ({why}); greets '{node.Helo}'");
            else Note($"{node.Name}: {why}");
        }

        /// <summary>
        /// Who wants an address is the KB's rule (<see cref="NodeSnapshot.Derived"/>): an online master its VIP, an
        /// online failover with no online master in its cluster its VIP, an online standalone node its own address
        /// when that is a virtual IP. A claimant serves once the takeover delay has passed; a returning master takes
        /// over from its own failover at once (preemption).
        /// </summary>
        private void ElectVirtualIpHolders(bool initial)
        {
            var activeBefore = _nodes.Where(n => n.VrrpActive).ToList();
            var now = NowUnlocked;
            var wanted = NodeSnapshot.Derived(_nodes.Select(n => new SnapshotNode(n.ToStatus(now))),
                _settings.VirtualIp is null ? null : new[] { _settings.VirtualIp }).Segments.Single();
            foreach (var node in _nodes)
            {
                if (wanted.ServedAddress(node.Name) is null)
                {
                    if (node.VrrpActive) Note($"{node.Name}: released {node.ServedAddress ?? "its address"}");
                    node.VrrpActive = false;
                    node.VipClaimSince = null;
                    continue;
                }
                if (node.VipClaimSince is null)
                {
                    var preempts = node.Mode == ClusterMode.Master && activeBefore.Any(o =>
                        o != node && o.Mode == ClusterMode.Failover && o.ClusterId == node.ClusterId && o.ServedAddress == node.ServedAddress);
                    node.VipClaimSince = initial || preempts ? _elapsed - Timings.VrrpTakeover : _elapsed;
                }
            }
            foreach (var node in _nodes.Where(n => !n.VrrpActive && n.VipClaimSince is { } since && since + Timings.VrrpTakeover <= _elapsed))
            {
                node.VrrpActive = true;
                node.ActiveSince = _elapsed;
                node.RejectionNoted = false;
                Note($"{node.Name}: serves {node.ServedAddress} as {ModeNames.ToWire(node.Mode)}, greeting '{node.Helo}'");
            }
        }

        /// <summary>The lab's invariants are the hazards of the KB's rules, judged on the lab as its nodes report it (who holds the VIP now).</summary>
        private void CheckInvariants()
        {
            var now = NowUnlocked;
            var hazards = KbRuleSet.Default.Hazards(NodeSnapshot.Reported(_nodes.Select(n => n.ToStatus(now))));
            foreach (var change in _monitor.Check(now, hazards)) Note(change);
        }
    }
}
