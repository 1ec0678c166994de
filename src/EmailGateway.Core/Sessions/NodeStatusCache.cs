using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;

namespace EmailGateway.Sessions
{
    /// <summary>
    /// The last status read from each node, so that tab completion can offer cluster identifiers
    /// without a round trip to every appliance on each key press. Thread-safe.
    /// </summary>
    public sealed class NodeStatusCache
    {
        private readonly object _gate = new object();
        // Keyed by session name, and tagged with the session's id: a session of the same name opened
        // later (a lab made again) is another appliance, whose cached status must not be offered.
        private readonly Dictionary<string, (int SessionId, GatewayNode Node)> _nodes =
            new Dictionary<string, (int, GatewayNode)>(StringComparer.OrdinalIgnoreCase);

        public void Record(GatewaySession session, GatewayNode node)
        {
            if (session is null) throw new ArgumentNullException(nameof(session));
            if (node is null) throw new ArgumentNullException(nameof(node));
            lock (_gate) _nodes[session.ComputerName] = (session.Id, node.Clone());
        }

        public void Forget(string computerName)
        {
            lock (_gate) _nodes.Remove(computerName);
        }

        /// <summary>The cached status of this session's node, if it was read through this very session.</summary>
        public bool TryGet(GatewaySession session, out GatewayNode node)
        {
            lock (_gate)
            {
                if (_nodes.TryGetValue(session.ComputerName, out var entry) && entry.SessionId == session.Id)
                {
                    node = entry.Node.Clone();
                    return true;
                }
            }
            node = null!;
            return false;
        }

        /// <summary>
        /// The cluster identifiers of the given sessions' nodes. Nodes not seen yet are read now, in
        /// parallel, but only for as long as <paramref name="budget"/> allows (completion must stay quick);
        /// a node that does not answer in time is left out. Cached entries of other sessions are ignored.
        /// </summary>
        public async Task<IReadOnlyList<KnownCluster>> KnownClustersAsync(IReadOnlyList<GatewaySession> sessions, TimeSpan budget, CancellationToken cancellationToken)
        {
            var open = sessions.Where(s => !s.IsDisposed).ToList();
            var missing = open.Where(s => !TryGet(s, out _)).ToList();
            if (missing.Count > 0)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(budget);
                var reads = missing.Select(session => ReadQuietlyAsync(session, timeout.Token)).ToArray();
                var finished = Task.WhenAll(reads);
                // The transport may not honour cancellation promptly; never wait past the budget.
                await Task.WhenAny(finished, Task.Delay(budget, cancellationToken)).ConfigureAwait(false);
            }

            var known = new List<GatewayNode>();
            foreach (var session in open)
                if (TryGet(session, out var node)) known.Add(node);
            return ClusterKey.GroupClusters(known)
                .Select(g => new KnownCluster(g.Key, g.OrderBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).Select(n => $"{n.ComputerName} ({n.Mode})").ToList()))
                .ToList();
        }

        private async Task ReadQuietlyAsync(GatewaySession session, CancellationToken cancellationToken)
        {
            try
            {
                var node = await session.CreateClient().GetStatusAsync(cancellationToken).ConfigureAwait(false);
                Record(session, node);
            }
            catch (Exception)
            {
                // Completion is best effort: an unreachable node simply offers nothing.
            }
        }
    }

    /// <summary>A cluster (segment and id) seen on some nodes, with those nodes described for a tooltip.</summary>
    public sealed class KnownCluster
    {
        public KnownCluster(ClusterKey key, IReadOnlyList<string> members)
        {
            Key = key;
            Members = members;
        }

        public ClusterKey Key { get; }
        public int ClusterId => Key.Id;
        public string Segment => Key.Segment;
        public IReadOnlyList<string> Members { get; }

        public override string ToString() => $"{char.ToUpperInvariant(Key.ToString()[0])}{Key.ToString().Substring(1)}: {string.Join(", ", Members)}";
    }
}
