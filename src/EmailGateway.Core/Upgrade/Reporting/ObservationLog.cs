using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Reporting
{
    /// <summary>
    /// The states a run read, one entry per node and change: the first reading of a node, then every reading
    /// that differs from its previous one. What a timeline of a real cluster is drawn from.
    /// </summary>
    public sealed class ObservationLog
    {
        private readonly object _gate = new object();
        private readonly List<NodeObservation> _entries = new List<NodeObservation>();
        private readonly Dictionary<string, NodeObservation> _last = new Dictionary<string, NodeObservation>(StringComparer.OrdinalIgnoreCase);

        public void Record(IEnumerable<GatewayNode> nodes, Func<GatewayNode, bool> servesVirtualIp, DateTimeOffset at)
        {
            lock (_gate)
            {
                foreach (var node in nodes)
                {
                    var observation = new NodeObservation
                    {
                        Time = at,
                        ComputerName = node.ComputerName,
                        Mode = node.Mode.ToString(),
                        Network = node.NetworkState.ToString(),
                        Power = node.Power.ToString(),
                        Build = node.Build?.ToString() ?? "unknown",
                        ServesVirtualIp = node.VrrpActive && servesVirtualIp(node),
                    };
                    if (_last.TryGetValue(node.ComputerName, out var previous) && previous.SameState(observation)) continue;
                    _last[node.ComputerName] = observation;
                    _entries.Add(observation);
                }
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _entries.Clear();
                _last.Clear();
            }
        }

        /// <summary>
        /// The entries from <paramref name="start"/> on, led by each node's last state before it (moved to
        /// <paramref name="start"/>), so a run's log begins with every node.
        /// </summary>
        public List<NodeObservation> Since(DateTimeOffset start)
        {
            lock (_gate)
            {
                var before = _entries.Where(e => e.Time < start).GroupBy(e => e.ComputerName, StringComparer.OrdinalIgnoreCase)
                    .Select(g => g.Last()).Select(e => new NodeObservation
                    {
                        Time = start, ComputerName = e.ComputerName, Mode = e.Mode, Network = e.Network, Power = e.Power, Build = e.Build, ServesVirtualIp = e.ServesVirtualIp,
                    });
                return before.Concat(_entries.Where(e => e.Time >= start)).ToList();
            }
        }

        /// <summary>
        /// The periods during which no node was seen serving the virtual IP, from the readings alone: each
        /// begins at the reading that found nobody serving and ends at the first that found somebody again
        /// (or at <paramref name="end"/>). Coarser than a lab's own record: reads happen at step starts and gate polls.
        /// </summary>
        public static List<OutageWindow> OutagesSeen(IReadOnlyList<NodeObservation> observations, DateTimeOffset end)
        {
            var windows = new List<OutageWindow>();
            var serving = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
            DateTimeOffset? openedAt = null;
            foreach (var moment in observations.GroupBy(o => o.Time).OrderBy(g => g.Key))
            {
                foreach (var observation in moment) serving[observation.ComputerName] = observation.ServesVirtualIp;
                var anyone = serving.Values.Any(v => v);
                if (!anyone && openedAt is null) openedAt = moment.Key;
                else if (anyone && openedAt is { } from)
                {
                    windows.Add(new OutageWindow { From = from, To = moment.Key });
                    openedAt = null;
                }
            }
            if (openedAt is { } open && end > open) windows.Add(new OutageWindow { From = open, To = end });
            return windows;
        }

        /// <summary>The parts of <paramref name="windows"/> that fall between <paramref name="from"/> and <paramref name="to"/>.</summary>
        public static List<OutageWindow> Clip(IEnumerable<OutageWindow> windows, DateTimeOffset from, DateTimeOffset to) =>
            windows.Where(w => w.To > from && w.From < to)
                .Select(w => new OutageWindow { From = w.From < from ? from : w.From, To = w.To > to ? to : w.To })
                .ToList();
    }
}
