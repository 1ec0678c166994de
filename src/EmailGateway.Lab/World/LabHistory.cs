using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.State;
using EmailGateway.Protocol;
using EmailGateway.Rules;

namespace EmailGateway.Lab.World
{
    /// <summary>
    /// What the lab remembers: the timeline of everything that happened, and the invariant violations (the
    /// hazards of the KB's rules, judged on the nodes as they report themselves) with when each began and ended.
    /// </summary>
    internal sealed class LabHistory
    {
        private readonly List<LabTimelineEntry> _timeline = new List<LabTimelineEntry>();
        private readonly InvariantMonitor _monitor = new InvariantMonitor();

        // What the nodes reported at the last check, by name. The rules judge nothing else, so while it stays the
        // same no violation can begin or end, and the check is skipped (most checks fall while nodes update).
        private string? _lastReported;

        public void Note(DateTimeOffset time, string text) => _timeline.Add(new LabTimelineEntry(time, text));

        /// <summary>Opens and closes violations by what the KB's rules find on the nodes now.</summary>
        public void CheckInvariants(IEnumerable<LabNode> nodes, DateTimeOffset now)
        {
            var statuses = nodes.Select(n => n.ToStatus(now)).ToList();
            var reported = string.Concat(statuses.Select(s => s.ComputerName + "\n" + StatusDocument.Write(s)));
            if (reported == _lastReported) return;
            _lastReported = reported;
            var hazards = KbRuleSet.Default.Hazards(NodeSnapshot.Reported(statuses));
            foreach (var change in _monitor.Check(now, hazards)) Note(now, change);
        }

        public IReadOnlyList<LabViolation> Violations => _monitor.All.Select(v => v.Clone()).ToList();

        public IReadOnlyList<LabTimelineEntry> Timeline => _timeline.ToList();

        public void SaveTo(LabStateDocument document, DateTimeOffset start)
        {
            document.Violations = _monitor.All.Select(v => new ViolationState
            {
                Name = v.Name,
                Nodes = v.Nodes.ToList(),
                Detail = v.Detail,
                From = (v.From - start).Ticks,
                To = v.To is { } to ? (to - start).Ticks : (long?)null,
            }).ToList();
            document.Timeline = _timeline.Select(e => new TimelineState { Time = (e.Time - start).Ticks, Text = e.Text }).ToList();
        }

        public void LoadFrom(LabStateDocument document, DateTimeOffset start)
        {
            _monitor.Restore(document.Violations.Select(v => new LabViolation(v.Name, v.Nodes, v.Detail,
                start + TimeSpan.FromTicks(v.From), v.To is { } to ? start + TimeSpan.FromTicks(to) : (DateTimeOffset?)null)));
            _timeline.AddRange(document.Timeline.Select(e => new LabTimelineEntry(start + TimeSpan.FromTicks(e.Time), e.Text)));
        }
    }
}
