using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.DesiredState
{
    /// <summary>What each cluster should be, as a desired-state file says.</summary>
    public sealed class DesiredStateDefinition
    {
        public DesiredStateDefinition(string source, IReadOnlyList<DesiredCluster> clusters)
        {
            Source = source;
            Clusters = clusters;
        }

        /// <summary>The file (or text) it was read from, for messages.</summary>
        public string Source { get; }
        public IReadOnlyList<DesiredCluster> Clusters { get; }

        /// <summary>
        /// The entry that governs a cluster: one naming its segment exactly wins over one whose segment is a
        /// pattern (or left out: every segment); among patterns the first in the file wins. Null when none does.
        /// </summary>
        public DesiredCluster? EntryFor(ClusterKey cluster)
        {
            var candidates = Clusters.Where(c => c.ClusterId == cluster.Id && c.Covers(cluster.Segment)).ToList();
            return candidates.FirstOrDefault(c => !c.IsSegmentPattern) ?? candidates.FirstOrDefault();
        }

        /// <summary>The build a cluster should run, when the desired state names one.</summary>
        public GatewayBuild? TargetBuildFor(ClusterKey cluster) => EntryFor(cluster)?.Build;
    }

    /// <summary>One cluster's desired shape. Null means "not specified": that aspect is not checked.</summary>
    public sealed class DesiredCluster
    {
        public DesiredCluster(ClusterId clusterId, GatewayBuild? build, string? virtualIp, string? greeting, IReadOnlyList<DesiredMember> members, string? segment = null)
        {
            ClusterId = clusterId;
            Build = build;
            VirtualIp = virtualIp;
            Greeting = greeting;
            Members = members;
            Segment = string.IsNullOrWhiteSpace(segment) ? "*" : segment!.Trim();
        }

        public ClusterId ClusterId { get; }

        /// <summary>The segment the cluster sits in, or a pattern ('*', '?') for many; '*' (every segment) when the file leaves it out.</summary>
        public string Segment { get; }

        public bool IsSegmentPattern => SegmentName.IsPattern(Segment);

        public GatewayBuild? Build { get; }
        public string? VirtualIp { get; }
        public string? Greeting { get; }
        public IReadOnlyList<DesiredMember> Members { get; }

        public bool Covers(string segment) => SegmentName.Matches(Segment, segment);

        /// <summary>How messages name the entry: "cluster 12", "cluster 12 in segment site-a", "cluster 12 in segments site-*".</summary>
        public string Describe() => Segment == "*" ? $"cluster {ClusterId}" : IsSegmentPattern ? $"cluster {ClusterId} in segments {Segment}" : new ClusterKey(Segment, ClusterId).ToString();

        public override string ToString() => Describe();
    }

    /// <summary>A member by name (the session name or the appliance's hostname) and the mode it should run in.</summary>
    public sealed class DesiredMember
    {
        public DesiredMember(string name, ClusterMode? mode)
        {
            Name = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A member needs a name.", nameof(name)) : name.Trim();
            Mode = mode;
        }

        public string Name { get; }
        public ClusterMode? Mode { get; }

        /// <summary>True when <paramref name="node"/> is this member: by session name, full hostname or its first label.</summary>
        public bool Matches(GatewayNode node)
        {
            if (string.Equals(node.ComputerName, Name, StringComparison.OrdinalIgnoreCase)) return true;
            if (string.IsNullOrEmpty(node.Hostname)) return false;
            if (string.Equals(node.Hostname, Name, StringComparison.OrdinalIgnoreCase)) return true;
            var dot = node.Hostname.IndexOf('.');
            return dot > 0 && string.Equals(node.Hostname.Substring(0, dot), Name, StringComparison.OrdinalIgnoreCase);
        }
    }
}
