using System;
using System.Collections.Generic;
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
    }

    /// <summary>One cluster's desired shape. Null means "not specified": that aspect is not checked.</summary>
    public sealed class DesiredCluster
    {
        public DesiredCluster(ClusterId clusterId, GatewayBuild? build, string? virtualIp, string? greeting, IReadOnlyList<DesiredMember> members)
        {
            ClusterId = clusterId;
            Build = build;
            VirtualIp = virtualIp;
            Greeting = greeting;
            Members = members;
        }

        public ClusterId ClusterId { get; }
        public GatewayBuild? Build { get; }
        public string? VirtualIp { get; }
        public string? Greeting { get; }
        public IReadOnlyList<DesiredMember> Members { get; }
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
