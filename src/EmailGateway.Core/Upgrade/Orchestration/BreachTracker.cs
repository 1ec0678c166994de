using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Rules;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Orchestration
{
    /// <summary>Turns the breaches seen at each read into periods, the way a lab records its violations, for clusters that are not labs.</summary>
    internal sealed class BreachTracker
    {
        private readonly Dictionary<string, ViolationRecord> _open = new Dictionary<string, ViolationRecord>(StringComparer.Ordinal);
        private readonly List<ViolationRecord> _began = new List<ViolationRecord>();
        private readonly List<ViolationRecord> _preexisting = new List<ViolationRecord>();
        private readonly object _gate = new object();

        public IReadOnlyList<ViolationRecord> Began { get { lock (_gate) return _began.ToList(); } }
        public IReadOnlyList<ViolationRecord> Preexisting { get { lock (_gate) return _preexisting.ToList(); } }

        public void Start(IReadOnlyList<RuleBreach> breaches, DateTimeOffset now)
        {
            lock (_gate)
            {
                foreach (var breach in breaches)
                {
                    if (_open.ContainsKey(breach.Key)) continue;
                    var record = New(breach, now);
                    _open[breach.Key] = record;
                    _preexisting.Add(record);
                }
                // Breaches seen by reads before the start are the state found, not something the run did.
                foreach (var early in _began.ToList()) { _began.Remove(early); if (!_preexisting.Contains(early)) _preexisting.Add(early); }
            }
        }

        public void Observe(IReadOnlyList<RuleBreach> breaches, DateTimeOffset now)
        {
            lock (_gate)
            {
                var seen = new HashSet<string>(breaches.Select(b => b.Key), StringComparer.Ordinal);
                foreach (var breach in breaches.Where(b => !_open.ContainsKey(b.Key)))
                {
                    var record = New(breach, now);
                    _open[breach.Key] = record;
                    _began.Add(record);
                }
                foreach (var key in _open.Keys.Where(k => !seen.Contains(k)).ToList())
                {
                    _open[key].To = now;
                    _open.Remove(key);
                }
            }
        }

        private static ViolationRecord New(RuleBreach breach, DateTimeOffset now) =>
            new ViolationRecord { Name = breach.Name, Nodes = breach.Nodes.ToList(), Detail = breach.Message, From = now };
    }
}
