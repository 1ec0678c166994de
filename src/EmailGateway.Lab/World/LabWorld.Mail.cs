using System;
using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Lab.World
{
    // The mail stream: messages arrive at the virtual IP at a steady rate, wait in the serving node's
    // queue for the scanning time, then go out to a strict receiver that refuses a non-FQDN greeting.
    public sealed partial class LabWorld
    {
        private long _arrivals;
        private TimeSpan _outage;
        private readonly List<(TimeSpan From, TimeSpan To)> _outageWindows = new List<(TimeSpan From, TimeSpan To)>();
        private long _deferred;
        private long _delivered;
        private long _rejected;
        private long _stranded;

        /// <summary>The node that takes mail for the lab's virtual IP now: the earliest of its holders.</summary>
        internal LabNode? MailServer() =>
            _settings.VirtualIp is null
                ? null
                : _nodes.Where(n => n.VrrpActive && n.ServedAddress == _settings.VirtualIp)
                    .OrderBy(n => n.ActiveSince).ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                    .FirstOrDefault();

        /// <summary>Runs the mail stream from now to <paramref name="until"/>; no node changes state meanwhile.</summary>
        private void FlowMail(TimeSpan until)
        {
            if (until <= _elapsed) return;
            var server = MailServer();
            if (_settings.VirtualIp != null && server is null)
            {
                _outage += until - _elapsed;
                NoteOutage(_elapsed, until);
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

            foreach (var node in _nodes.Where(n => n.IsUp && n.Queue.Count > 0))
            {
                var sent = 0;
                while (sent < node.Queue.Count && node.Queue[sent] + Timings.QueueHold <= until) sent++;
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
                        _timeline.Add(new Monitoring.LabTimelineEntry(_settings.Start + until,
                            $"{node.Name}: outbound deliveries rejected by the strict receiver: {node.GreetingRejection}"));
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
    }
}
