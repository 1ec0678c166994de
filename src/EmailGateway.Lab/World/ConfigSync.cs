using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.State;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Lab.World
{
    /// <summary>
    /// Configuration sync as KB80406 describes it: a segment's one online master pushes its configuration
    /// (revision and greeting) to the members when membership changes and at every push interval. A member of
    /// another build is "not reflected correctly" (corrupt, factory greeting); a failover applies the master's
    /// identity only at boot. Owns the push schedule and the membership last pushed to.
    /// </summary>
    internal sealed class ConfigSync
    {
        private readonly Dictionary<int, string> _segmentMembers = new Dictionary<int, string>();
        private readonly Action<string> _note;

        public ConfigSync(Action<string> note) => _note = note;

        /// <summary>When the next periodic push is due (lab elapsed time).</summary>
        public TimeSpan NextPush { get; set; }

        /// <summary>A segment: the online, running, non-standalone nodes sharing a cluster id.</summary>
        public static IEnumerable<IGrouping<ClusterId, LabNode>> Segments(IEnumerable<LabNode> nodes) =>
            nodes.Where(n => n.IsUp && n.IsClusterMember).GroupBy(n => n.ClusterId).OrderBy(g => g.Key);

        /// <summary>Pushes to every segment whose members changed since its last push.</summary>
        public void PushOnMembershipChange(IEnumerable<LabNode> nodes)
        {
            var present = new HashSet<int>();
            foreach (var segment in Segments(nodes))
            {
                present.Add(segment.Key);
                var members = string.Join(",", segment.Select(n => n.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
                if (_segmentMembers.TryGetValue(segment.Key, out var before) && before == members) continue;
                _segmentMembers[segment.Key] = members;
                Push(segment.ToList(), "membership changed");
            }
            foreach (var gone in _segmentMembers.Keys.Where(k => !present.Contains(k)).ToList()) _segmentMembers.Remove(gone);
        }

        /// <summary>Runs the periodic push when it is due, and schedules the next one.</summary>
        public void PushWhenDue(IEnumerable<LabNode> nodes, TimeSpan elapsed, TimeSpan interval)
        {
            if (NextPush > elapsed) return;
            while (NextPush <= elapsed) NextPush += interval;
            foreach (var segment in Segments(nodes)) Push(segment.ToList(), "periodic push");
        }

        /// <summary>The segment's one online master sends its configuration (revision, greeting) to the members.</summary>
        public void Push(IReadOnlyList<LabNode> segment, string why)
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

        public void Resync(LabNode node, LabNode master, string why)
        {
            node.Revision = master.Revision;
            node.ConfiguredHelo = master.ConfiguredHelo;
            SetSync(node, SyncState.InSync, $"{why}: took revision {master.Revision} from {master.Name}");
        }

        public void SetSync(LabNode node, SyncState sync, string why)
        {
            var before = node.Sync;
            node.Sync = sync;
            if (before != sync) _note($"{node.Name}: sync {ModeNames.ToWire(before)} -> {ModeNames.ToWire(sync)} ({why}); greets '{node.Helo}'");
            else _note($"{node.Name}: {why}");
        }

        /// <summary>The one online master of the node's segment when it runs the node's build (the node itself online).</summary>
        public static LabNode? SameBuildMasterBeside(LabNode node, IEnumerable<LabNode> nodes)
        {
            if (!node.IsUp || !node.IsClusterMember) return null;
            var masters = nodes.Where(n => n.IsUp && n.Mode == ClusterMode.Master && n.ClusterId == node.ClusterId).ToList();
            return masters.Count == 1 && masters[0] != node && masters[0].Build == node.Build ? masters[0] : null;
        }

        public void SaveTo(LabStateDocument document)
        {
            document.NextPush = NextPush.Ticks;
            document.SegmentMembers = new Dictionary<int, string>(_segmentMembers);
        }

        public void LoadFrom(LabStateDocument document)
        {
            NextPush = TimeSpan.FromTicks(document.NextPush);
            foreach (var pair in document.SegmentMembers) _segmentMembers[pair.Key] = pair.Value;
        }
    }
}
