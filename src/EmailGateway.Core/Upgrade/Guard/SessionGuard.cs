using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Sessions;
using EmailGateway.Transport;

namespace EmailGateway.Upgrade.Guard
{
    /// <summary>
    /// The guard for a change made outside an upgrade run (one cmdlet acting on some nodes): every open session's
    /// node in the targets' segments is read, so the change is judged against the whole segment, not only the nodes
    /// it touches. Other segments are not read: the KB's hazards hold within a segment, so nothing there can change
    /// the verdict, and a node there that does not answer is no concern of this change.
    /// </summary>
    public static class SessionGuard
    {
        public static SessionGuardCheck Check(IReadOnlyList<GatewaySession> sessions, IReadOnlyList<GatewaySession> targets, Func<string, GuardChange> changeFor,
            int throttleLimit, CancellationToken cancellationToken, IOperationLog? log = null)
        {
            var inSegments = sessions.Where(s => targets.Any(t => ClusterKey.SameSegment(s.Segment, t.Segment))).ToList();
            var read = SessionReads.Read(inSegments, log, throttleLimit, cancellationToken);
            var nodes = read.Read.Select(r => new SnapshotNode(r.Node, r.Session.Segment)).ToList();
            var readNames = new HashSet<string>(nodes.Select(n => n.Name), StringComparer.OrdinalIgnoreCase);
            var changes = targets.Where(t => readNames.Contains(t.ComputerName)).Select(t => changeFor(t.ComputerName)).ToList();
            var unjudged = targets.Where(t => !readNames.Contains(t.ComputerName)).Select(t => t.ComputerName).ToList();
            return new SessionGuardCheck(changes.Count == 0 ? null : SegmentGuard.Check(nodes, changes), read, unjudged);
        }
    }

    /// <summary>The guard's verdict (null when no target could be read), with the nodes it could not read.</summary>
    public sealed class SessionGuardCheck
    {
        internal SessionGuardCheck(GuardVerdict? verdict, SessionReadResult read, IReadOnlyList<string> unjudged)
        {
            Verdict = verdict;
            Read = read;
            Unchecked = unjudged;
        }

        public GuardVerdict? Verdict { get; }
        public SessionReadResult Read { get; }

        /// <summary>Targets the guard could not judge, because they did not answer.</summary>
        public IReadOnlyList<string> Unchecked { get; }

        public bool Refused => Verdict is { Allowed: false };
    }
}
