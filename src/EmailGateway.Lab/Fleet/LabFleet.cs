using System;
using System.Threading;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.World;
using EmailGateway.Model;

namespace EmailGateway.Lab.Fleet
{
    /// <summary>
    /// A lab of one or more network segments (sites). Each segment is a <see cref="LabWorld"/> of its own:
    /// its virtual IP, its clusters, its mail stream and its own virtual clock, since sites share nothing
    /// (no VRRP, no configuration push, no mail). Node names are unique across the lab.
    /// </summary>
    public sealed class LabFleet
    {
        private readonly Dictionary<string, LabWorld> _byNode = new Dictionary<string, LabWorld>(StringComparer.OrdinalIgnoreCase);

        public LabFleet(IEnumerable<LabWorld> segments)
        {
            Segments = (segments ?? throw new ArgumentNullException(nameof(segments))).ToList();
            if (Segments.Count == 0) throw new ArgumentException("A lab needs at least one segment.", nameof(segments));
            if (Segments.Count > 1)
            {
                var unnamed = Segments.Where(w => string.IsNullOrEmpty(w.Settings.Segment)).Select(w => w.Name).ToList();
                if (unnamed.Count > 0) throw new ArgumentException($"In a lab of several segments every segment needs a name ({string.Join(", ", unnamed)} has none).", nameof(segments));
                var twice = Segments.GroupBy(w => w.Settings.Segment, ClusterKey.SegmentComparer).FirstOrDefault(g => g.Count() > 1);
                if (twice != null) throw new ArgumentException($"Two segments are named '{twice.Key}'.", nameof(segments));
            }
            foreach (var world in Segments)
                foreach (var node in world.NodeNames)
                {
                    if (_byNode.ContainsKey(node)) throw new ArgumentException($"Two nodes are named '{node}'; node names are unique across a lab.", nameof(segments));
                    _byNode.Add(node, world);
                }
        }

        public LabFleet(LabWorld world) : this(new[] { world ?? throw new ArgumentNullException(nameof(world)) }) { }

        /// <summary>The segments, each a world of its own.</summary>
        public IReadOnlyList<LabWorld> Segments { get; }

        public IReadOnlyList<string> NodeNames => Segments.SelectMany(w => w.NodeNames).ToList();

        /// <summary>The latest virtual time of any segment (segments that waited less are behind it).</summary>
        public DateTimeOffset Now => Segments.Max(w => w.Now);

        public TimeSpan Elapsed => Segments.Max(w => w.Elapsed);

        public bool HasNode(string name) => name != null && _byNode.ContainsKey(name);

        /// <summary>The segment a node sits in.</summary>
        public LabWorld WorldOf(string nodeName) =>
            nodeName != null && _byNode.TryGetValue(nodeName, out var world)
                ? world
                : throw new ArgumentException($"The lab has no node '{nodeName}'.", nameof(nodeName));

        /// <summary>
        /// The segment's name as sessions carry it: the lab's name for a lab of one segment, else
        /// <c>&lt;lab&gt;/&lt;segment&gt;</c>, so that two labs made from one description stay apart.
        /// </summary>
        public string SegmentName(string labName, LabWorld world) =>
            Segments.Count == 1 ? labName : $"{labName}/{world.Settings.Segment}";

        /// <summary>
        /// Lets <paramref name="duration"/> pass in every segment, from the latest segment's time (at most
        /// <see cref="LabWorld.MaxAdvance"/>). A cancelled advance stops after the event it is at and throws
        /// <see cref="OperationCanceledException"/>.
        /// </summary>
        public void Advance(TimeSpan duration, CancellationToken cancellationToken = default)
        {
            if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "Lab time cannot go backwards.");
            if (duration > LabWorld.MaxAdvance)
                throw new ArgumentOutOfRangeException(nameof(duration), duration, $"A lab advances at most {LabWorld.MaxAdvance.TotalDays:0} days at a time.");
            var target = Now + duration;
            foreach (var world in Segments) world.AdvanceTo(target, cancellationToken);
        }

        public static LabFleet FromPreset(string name) =>
            string.Equals((name ?? string.Empty).Trim(), FleetPreset.Name, StringComparison.OrdinalIgnoreCase)
                ? FleetPreset.Create(new FleetPresetSize())
                : new LabFleet(LabPresets.Create(name!));

        public static LabFleet FromYaml(string yaml, string source = "lab description") => LabDescription.ParseFleet(yaml, source);

        public static LabFleet FromYamlFile(string path) => LabDescription.LoadFleet(path);

        /// <summary>
        /// A twin of nodes read from live appliances: one segment per segment the nodes come from (so clusters
        /// that share an id stay apart), each a copy as <see cref="LabWorld.FromNodes"/> makes it.
        /// </summary>
        public static LabFleet FromNodes(IEnumerable<GatewayNode> nodes, LabSettings? settings = null)
        {
            var bySegment = (nodes ?? throw new ArgumentNullException(nameof(nodes))).Where(n => n != null)
                .GroupBy(n => n.Segment, ClusterKey.SegmentComparer).OrderBy(g => g.Key, ClusterKey.SegmentComparer).ToList();
            if (bySegment.Count == 0) throw new ArgumentException("A lab twin needs at least one node.", nameof(nodes));
            if (bySegment.Count == 1) return new LabFleet(LabWorld.FromNodes(bySegment[0], settings));
            return new LabFleet(bySegment.Select(g =>
            {
                var segment = settings?.Clone() ?? new LabSettings { Name = "twin" };
                segment.Segment = g.Key.Length == 0 ? "default" : g.Key;
                return LabWorld.FromNodes(g, segment);
            }).ToList());
        }
    }
}
