using System;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>
    /// One node as the rules see it: its status, the segment it sits in, and whether its greeting is known
    /// (a node projected to become master greets with its own configured name, which no status shows yet).
    /// </summary>
    public sealed class SnapshotNode
    {
        /// <param name="defaultSegment">The segment when the status names none (the nodes of one lab share the lab's).</param>
        public SnapshotNode(GatewayNode status, string? defaultSegment = null, bool greetingKnown = true)
        {
            Status = status ?? throw new ArgumentNullException(nameof(status));
            Segment = ClusterKey.Normalize(string.IsNullOrWhiteSpace(status.Segment) ? defaultSegment : status.Segment);
            GreetingKnown = greetingKnown;
        }

        public GatewayNode Status { get; }
        public string Segment { get; }
        public bool GreetingKnown { get; }
        public string Name => Status.ComputerName;

        /// <summary>Running and online: part of the traffic and cluster network.</summary>
        public bool IsUp => Status.Power == PowerState.Running && Status.NetworkState == NetworkState.Online;

        public ClusterKey Cluster => new ClusterKey(Segment, new ClusterId(Status.ClusterId));

        /// <summary>A copy with its status changed (a projection).</summary>
        public SnapshotNode With(Action<GatewayNode> change, bool? greetingKnown = null)
        {
            var copy = Status.Clone();
            change(copy);
            return new SnapshotNode(copy, Segment, greetingKnown ?? GreetingKnown);
        }

        public override string ToString() => $"{Name} ({Cluster})";
    }
}
