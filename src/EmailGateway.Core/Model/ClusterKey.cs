using System;

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

        /// <summary>The segment's name; empty for the default segment.</summary>
        public string Segment => _segment ?? string.Empty;

        public ClusterId Id { get; }

        public bool IsDefaultSegment => Segment.Length == 0;

        /// <summary>The segment's name as the rules compare it: trimmed; null and blank are the default segment.</summary>
        public static string Normalize(string? segment) => string.IsNullOrWhiteSpace(segment) ? string.Empty : segment!.Trim();

        public static bool SameSegment(string? a, string? b) => string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

        public bool Equals(ClusterKey other) => Id == other.Id && SameSegment(Segment, other.Segment);
        public override bool Equals(object? obj) => obj is ClusterKey other && Equals(other);
        public override int GetHashCode() => unchecked(StringComparer.OrdinalIgnoreCase.GetHashCode(Segment) * 397 ^ Id.GetHashCode());

        public int CompareTo(ClusterKey other)
        {
            var bySegment = StringComparer.OrdinalIgnoreCase.Compare(Segment, other.Segment);
            return bySegment != 0 ? bySegment : Id.CompareTo(other.Id);
        }

        public static bool operator ==(ClusterKey a, ClusterKey b) => a.Equals(b);
        public static bool operator !=(ClusterKey a, ClusterKey b) => !a.Equals(b);

        /// <summary>"cluster 12", or "cluster 12 in segment site-a" outside the default segment.</summary>
        public override string ToString() => IsDefaultSegment ? $"cluster {Id}" : $"cluster {Id} in segment {Segment}";
    }
}
