using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.State;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Lab.World
{
    /// <summary>
    /// The mail stream: messages arrive at the virtual IP at a steady rate, wait in the serving node's queue
    /// for the scanning time, then go out to a strict receiver that refuses a non-FQDN greeting. Owns the lab's
    /// mail account: arrivals, seconds of outage, deferred, delivered, rejected and stranded messages.
    /// </summary>
    internal sealed class MailStream
    {
        private readonly LabSettings _settings;
        private readonly LabHistory _history;
        private long _arrivals;
        private TimeSpan _outage;
        private readonly List<(TimeSpan From, TimeSpan To)> _outageWindows = new List<(TimeSpan From, TimeSpan To)>();
        private long _deferred;
        private long _delivered;
        private long _rejected;
        private long _stranded;

        public MailStream(LabSettings settings, LabHistory history)
        {
            _settings = settings;
            _history = history;
        }

        /// <summary>The node that takes mail for the lab's virtual IP now: the earliest of its holders.</summary>
        public LabNode? Server(IEnumerable<LabNode> nodes) =>
            _settings.VirtualIp is null
                ? null
                : nodes.Where(n => n.VrrpActive && n.ServedAddress == _settings.VirtualIp)
                    .OrderBy(n => n.ActiveSince).ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                    .FirstOrDefault();

        /// <summary>Counts the messages queued on nodes that have just left the traffic network.</summary>
        public void NoteNodesLeavingTraffic(IEnumerable<LabNode> nodes, DateTimeOffset now)
        {
            foreach (var node in nodes)
            {
                if (node.WasUp && !node.IsUp && node.Queue.Count > 0)
                {
                    _stranded += node.Queue.Count;
                    _history.Note(now, $"{node.Name}: left the traffic network with {node.Queue.Count} message(s) queued");
                }
                node.WasUp = node.IsUp;
            }
        }

        /// <summary>Runs the mail stream from <paramref name="from"/> to <paramref name="until"/>; no node changes state meanwhile.</summary>
        public void Flow(IReadOnlyList<LabNode> nodes, TimeSpan from, TimeSpan until)
        {
            if (until <= from) return;
            var server = Server(nodes);
            if (_settings.VirtualIp != null && server is null)
            {
                _outage += until - from;
                NoteOutage(from, until);
            }

            if (_settings.VirtualIp != null && _settings.MailPerSecond > 0)
            {
                while (ArrivalTime(_arrivals + 1) <= until)
                {
                    _arrivals++;
                    if (server is null) _deferred++;
                    else server.Queue.Add(ArrivalTime(_arrivals));
                }
            }

            foreach (var node in nodes.Where(n => n.IsUp && n.Queue.Count > 0))
            {
                var sent = 0;
                while (sent < node.Queue.Count && node.Queue[sent] + _settings.Timings.QueueHold <= until) sent++;
                if (sent == 0) continue;
                node.Queue.RemoveRange(0, sent);
                if (node.GreetingIsValid)
                {
                    _delivered += sent;
                    node.RejectionNoted = false;
                }
                else
                {
                    _rejected += sent;
                    if (!node.RejectionNoted)
                    {
                        node.RejectionNoted = true;
                        _history.Note(_settings.Start + until, $"{node.Name}: outbound deliveries rejected by the strict receiver: {node.GreetingRejection}");
                    }
                }
            }
        }

        /// <summary>Extends the last outage window when this one continues it, so a window is one unbroken period.</summary>
        private void NoteOutage(TimeSpan from, TimeSpan to)
        {
            if (_outageWindows.Count > 0 && _outageWindows[_outageWindows.Count - 1].To == from)
                _outageWindows[_outageWindows.Count - 1] = (_outageWindows[_outageWindows.Count - 1].From, to);
            else
                _outageWindows.Add((from, to));
        }

        /// <summary>The n-th message (1-based) arrives at n / rate seconds.</summary>
        private TimeSpan ArrivalTime(long n) => TimeSpan.FromTicks((long)Math.Round(n * (TimeSpan.TicksPerSecond / _settings.MailPerSecond)));

        public void AddTo(LabReport report)
        {
            report.OutageSeconds = _outage.TotalSeconds;
            report.OutageWindows = _outageWindows.Select(w => new OutageWindow { From = _settings.Start + w.From, To = _settings.Start + w.To }).ToList();
            report.DeferredMessages = _deferred;
            report.RejectedDeliveries = _rejected;
            report.DeliveredMessages = _delivered;
            report.StrandedMessages = _stranded;
        }

        public MailState ToState() => new MailState
        {
            Arrivals = _arrivals, Outage = _outage.Ticks, Deferred = _deferred, Delivered = _delivered, Rejected = _rejected, Stranded = _stranded,
            OutageWindows = _outageWindows.Select(w => new OutageWindowState { From = w.From.Ticks, To = w.To.Ticks }).ToList(),
        };

        public void LoadFrom(MailState state)
        {
            _arrivals = state.Arrivals;
            _outage = TimeSpan.FromTicks(state.Outage);
            _deferred = state.Deferred;
            _delivered = state.Delivered;
            _rejected = state.Rejected;
            _stranded = state.Stranded;
            _outageWindows.Clear();
            _outageWindows.AddRange(state.OutageWindows.Select(w => (TimeSpan.FromTicks(w.From), TimeSpan.FromTicks(w.To))));
        }
    }
}
