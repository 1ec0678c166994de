using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Lab.World
{
    // The KB80406 rules: segments, configuration push, the virtual IP, the invariants.
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
        /// Who wants an address: an online master (its VIP), an online failover with no online master in its
        /// segment (its VIP), an online standalone node (its own address). A claimant serves once the takeover
        /// delay has passed; a returning master takes over from its own failover at once (preemption).
        /// </summary>
        private void ElectVirtualIpHolders(bool initial)
        {
            var activeBefore = _nodes.Where(n => n.VrrpActive).ToList();
            var clustersWithMaster = new HashSet<ClusterId>(_nodes.Where(n => n.IsUp && n.Mode == ClusterMode.Master).Select(n => n.ClusterId));
            var virtualIps = VirtualIps();
            foreach (var node in _nodes)
            {
                var claims = node.IsUp && node.ServedAddress != null && node.Mode != ClusterMode.Scanner
                             && !(node.Mode == ClusterMode.Failover && clustersWithMaster.Contains(node.ClusterId))
                             && !(node.Mode == ClusterMode.Standalone && !virtualIps.Contains(node.ServedAddress));
                if (!claims)
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

        /// <summary>The lab's virtual IP and every virtual IP a master or failover is configured with.</summary>
        private HashSet<string> VirtualIps()
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            if (_settings.VirtualIp != null) set.Add(_settings.VirtualIp);
            foreach (var node in _nodes)
                if ((node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Failover) && node.VirtualIp != null) set.Add(node.VirtualIp);
            return set;
        }

        private void CheckInvariants()
        {
            foreach (var change in _monitor.Check(NowUnlocked, CurrentViolations().ToList())) Note(change);
        }

        private IEnumerable<(string Name, IReadOnlyList<string> Nodes, string Detail)> CurrentViolations()
        {
            foreach (var segment in Segments())
            {
                var members = segment.OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
                if (members.Select(n => n.Build).Distinct().Count() > 1)
                    yield return (InvariantNames.MixedBuildOnline, Names(members),
                        $"cluster {segment.Key} has online members on different builds: {string.Join(", ", members.Select(n => $"{n.Name} {n.Build}"))}");
                var masters = members.Where(n => n.Mode == ClusterMode.Master).ToList();
                if (masters.Count > 1)
                    yield return (InvariantNames.MultipleMasters, Names(masters), $"cluster {segment.Key} has {masters.Count} online masters");
            }

            foreach (var address in _nodes.Where(n => n.VrrpActive).Select(n => n.ServedAddress!).Distinct())
            {
                var holders = _nodes.Where(n => (n.VrrpActive && n.ServedAddress == address) || (n.IsUp && n.Address == address))
                    .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
                if (holders.Count > 1)
                    yield return (InvariantNames.VirtualIpConflict, Names(holders), $"{holders.Count} nodes answer for {address}");
            }

            foreach (var holder in _nodes.Where(n => n.VrrpActive && !n.GreetingIsValid))
                yield return (InvariantNames.BadGreetingActive, new[] { holder.Name },
                    $"{holder.Name} serves {holder.ServedAddress} greeting '{holder.Helo}': {HeloName.Check(holder.Helo).Reason}");
        }

        private static IReadOnlyList<string> Names(IEnumerable<LabNode> nodes) => nodes.Select(n => n.Name).ToList();
    }
}
