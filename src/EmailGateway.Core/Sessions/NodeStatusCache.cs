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
        private readonly Dictionary<string, GatewayNode> _nodes = new Dictionary<string, GatewayNode>(StringComparer.OrdinalIgnoreCase);

        public void Record(GatewayNode node)
        {
            if (node is null) throw new ArgumentNullException(nameof(node));
            if (string.IsNullOrEmpty(node.ComputerName)) return;
            lock (_gate) _nodes[node.ComputerName] = node.Clone();
        }

        public void Forget(string computerName)
        {
            lock (_gate) _nodes.Remove(computerName);
        }

        public IReadOnlyList<GatewayNode> Snapshot()
        {
            lock (_gate) return _nodes.Values.Select(n => n.Clone()).ToList();
        }

        /// <summary>
        /// The cluster identifiers of the given sessions' nodes. Nodes not seen yet are read now, in
        /// parallel, but only for as long as <paramref name="budget"/> allows (completion must stay quick);
        /// a node that does not answer in time is left out. Cached entries of other sessions are ignored.
        /// </summary>
        public async Task<IReadOnlyList<KnownCluster>> KnownClustersAsync(IReadOnlyList<GatewaySession> sessions, TimeSpan budget, CancellationToken cancellationToken)
        {
            var open = sessions.Where(s => !s.IsDisposed).ToList();
            var missing = open.Where(s => { lock (_gate) return !_nodes.ContainsKey(s.ComputerName); }).ToList();
            if (missing.Count > 0)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(budget);
                var reads = missing.Select(session => ReadQuietlyAsync(session, timeout.Token)).ToArray();
                var finished = Task.WhenAll(reads);
                // The transport may not honour cancellation promptly; never wait past the budget.
                await Task.WhenAny(finished, Task.Delay(budget, cancellationToken)).ConfigureAwait(false);
            }

            var names = new HashSet<string>(open.Select(s => s.ComputerName), StringComparer.OrdinalIgnoreCase);
            List<GatewayNode> known;
            lock (_gate) known = _nodes.Values.Where(n => names.Contains(n.ComputerName)).ToList();
            return known
                .GroupBy(n => n.ClusterId)
                .OrderBy(g => g.Key)
                .Select(g => new KnownCluster(g.Key, g.OrderBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).Select(n => $"{n.ComputerName} ({n.Mode})").ToList()))
                .ToList();
        }

        private async Task ReadQuietlyAsync(GatewaySession session, CancellationToken cancellationToken)
        {
            try
            {
                var node = await session.CreateClient().GetStatusAsync(cancellationToken).ConfigureAwait(false);
                Record(node);
            }
            catch (Exception)
            {
                // Completion is best effort: an unreachable node simply offers nothing.
            }
        }
    }

    /// <summary>A cluster identifier seen on some nodes, with those nodes described for a tooltip.</summary>
    public sealed class KnownCluster
    {
        public KnownCluster(int clusterId, IReadOnlyList<string> members)
        {
            ClusterId = clusterId;
            Members = members;
        }

        public int ClusterId { get; }
        public IReadOnlyList<string> Members { get; }

        public override string ToString() => $"Cluster {ClusterId}: {string.Join(", ", Members)}";
    }
}
