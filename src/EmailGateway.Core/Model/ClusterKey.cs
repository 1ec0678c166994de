using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace EmailGateway.Model
{
    /// <summary>
    /// Which cluster a node belongs to: its network segment (one site's VRRP domain) and its cluster id.
    /// KB80406 asks for distinct ids within a segment; sites in different segments may share one. The
    /// empty segment is the default one, where every node without a segment sits.
    /// </summary>
    public readonly struct ClusterKey : IEquatable<ClusterKey>, IComparable<ClusterKey>
    {
        private readonly string? _segment;

        public ClusterKey(string? segment, ClusterId id)
        {
            _segment = Normalize(segment);
            Id = id;
        }

        public static ClusterKey Of(GatewayNode node) =>
            new ClusterKey((node ?? throw new ArgumentNullException(nameof(node))).Segment, new ClusterId(node.ClusterId));

        /// <summary>The nodes by cluster (segment and id), in cluster order: how every check, plan and listing groups them.</summary>
        public static IEnumerable<IGrouping<ClusterKey, GatewayNode>> GroupClusters(IEnumerable<GatewayNode> nodes) =>
            (nodes ?? throw new ArgumentNullException(nameof(nodes))).GroupBy(Of).OrderBy(g => g.Key);

        /// <summary>The segment's name; empty for the default segment.</summary>
        public string Segment => _segment ?? string.Empty;

        public ClusterId Id { get; }

        public bool IsDefaultSegment => Segment.Length == 0;

        /// <summary>The segment's name as the rules compare it: trimmed; null and blank are the default segment.</summary>
        public static string Normalize(string? segment) => string.IsNullOrWhiteSpace(segment) ? string.Empty : segment!.Trim();

        /// <summary>How segment names compare everywhere (keys, groups, order): without regard to case.</summary>
        public static StringComparer SegmentComparer => StringComparer.OrdinalIgnoreCase;

        public static bool SameSegment(string? a, string? b) => SegmentComparer.Equals(Normalize(a), Normalize(b));

        public bool Equals(ClusterKey other) => Id == other.Id && SameSegment(Segment, other.Segment);
        public override bool Equals(object? obj) => obj is ClusterKey other && Equals(other);
        public override int GetHashCode() => unchecked(SegmentComparer.GetHashCode(Segment) * 397 ^ Id.GetHashCode());

        public int CompareTo(ClusterKey other)
        {
            var bySegment = SegmentComparer.Compare(Segment, other.Segment);
            return bySegment != 0 ? bySegment : Id.CompareTo(other.Id);
        }

        public static bool operator ==(ClusterKey a, ClusterKey b) => a.Equals(b);
        public static bool operator !=(ClusterKey a, ClusterKey b) => !a.Equals(b);

        /// <summary>
        /// The stem of the files kept per cluster (its run lock, its journals): <c>cluster-12</c> in the default
        /// segment, else <c>cluster-&lt;segment&gt;-&lt;hash&gt;-12</c>, the segment made file-safe and lower-case, and
        /// a hash of its name so that names differing only in a replaced character stay apart.
        /// </summary>
        public string FileStem
        {
            get
            {
                if (IsDefaultSegment) return $"cluster-{Id}";
                var segment = Segment.ToLowerInvariant();
                using var sha = SHA256.Create();
                var hash = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(segment)).Take(4).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
                return $"cluster-{FileSafe(segment)}-{hash}-{Id}";
            }
        }

        /// <summary>Letters, digits, '-' and '.' as they are; anything else (a segment's '/') becomes '_'.</summary>
        public static string FileSafe(string text) =>
            new string((text ?? string.Empty).Select(c => char.IsLetterOrDigit(c) || c == '-' || c == '.' ? c : '_').ToArray());

        /// <summary>"cluster 12", or "cluster 12 in segment site-a" outside the default segment.</summary>
        public override string ToString() => IsDefaultSegment ? $"cluster {Id}" : $"cluster {Id} in segment {Segment}";
    }
}
