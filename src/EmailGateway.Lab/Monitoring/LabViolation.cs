using System;
using System.Collections.Generic;

namespace EmailGateway.Lab.Monitoring
{
    /// <summary>One period during which a hazard of the KB's rules held (<c>KbRules</c>: its name is the hazard's). <see cref="To"/> is null while it still holds.</summary>
    public sealed class LabViolation
    {
        public LabViolation(string name, IReadOnlyList<string> nodes, string detail, DateTimeOffset from, DateTimeOffset? to = null)
        {
            Name = name;
            Nodes = nodes;
            Detail = detail;
            From = from;
            To = to;
        }

        public string Name { get; }
        public IReadOnlyList<string> Nodes { get; }
        public string Detail { get; }
        public DateTimeOffset From { get; }
        public DateTimeOffset? To { get; internal set; }
        public bool IsOpen => To is null;

        internal LabViolation Clone() => new LabViolation(Name, Nodes, Detail, From, To);

        internal LabViolation WithNodes(IReadOnlyList<string> nodes, string detail) => new LabViolation(Name, nodes, detail, From, To);

        public override string ToString() =>
            $"{Name} [{string.Join(", ", Nodes)}] {From:HH:mm:ss}-{(To is { } end ? end.ToString("HH:mm:ss") : "now")}: {Detail}";
    }

    /// <summary>One line of a lab's timeline.</summary>
    public sealed class LabTimelineEntry
    {
        public LabTimelineEntry(DateTimeOffset time, string text)
        {
            Time = time;
            Text = text;
        }

        public DateTimeOffset Time { get; }
        public string Text { get; }

        public override string ToString() => $"{Time:HH:mm:ss} {Text}";
    }
}
