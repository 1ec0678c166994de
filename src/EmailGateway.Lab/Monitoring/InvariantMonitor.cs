using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Rules;

namespace EmailGateway.Lab.Monitoring
{
    /// <summary>
    /// Opens a violation when a condition starts to hold and closes it when it stops, at lab time.
    /// A violation is identified by its invariant and the nodes involved.
    /// </summary>
    internal sealed class InvariantMonitor
    {
        private readonly List<LabViolation> _all = new List<LabViolation>();
        private readonly Dictionary<string, LabViolation> _open = new Dictionary<string, LabViolation>(StringComparer.Ordinal);

        public IReadOnlyList<LabViolation> All => _all;

        internal void Restore(IEnumerable<LabViolation> violations)
        {
            foreach (var v in violations)
            {
                _all.Add(v);
                if (v.IsOpen) _open[Key(v.Name, v.Nodes)] = v;
            }
        }

        /// <summary>Compares what holds now with what was open; returns timeline text for each change.</summary>
        public IEnumerable<string> Check(DateTimeOffset now, IEnumerable<RuleBreach> current)
        {
            var changes = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var breach in current)
            {
                var (name, nodes, detail) = (breach.Name, breach.Nodes, breach.Message);
                var key = Key(name, nodes);
                if (!seen.Add(key) || _open.ContainsKey(key)) continue;
                var violation = new LabViolation(name, nodes, detail, now);
                _open[key] = violation;
                _all.Add(violation);
                changes.Add($"violation {name} begins [{string.Join(", ", nodes)}]: {detail}");
            }
            foreach (var key in _open.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                var violation = _open[key];
                violation.To = now;
                _open.Remove(key);
                changes.Add($"violation {violation.Name} ends [{string.Join(", ", violation.Nodes)}]");
            }
            return changes;
        }

        private static string Key(string name, IEnumerable<string> nodes) => name + "|" + string.Join(",", nodes);
    }
}
