using System;
using System.Collections.Generic;

namespace EmailGateway.Lab.Monitoring
{
    /// <summary>The invariants a lab watches; each one is a state KB80406 warns against.</summary>
    public static class InvariantNames
    {
        /// <summary>Two online members of one segment run different builds.</summary>
        public const string MixedBuildOnline = "MixedBuildOnline";
        /// <summary>More than one online master in one segment.</summary>
        public const string MultipleMasters = "MultipleMasters";
        /// <summary>More than one node answers for the same address.</summary>
        public const string VirtualIpConflict = "VirtualIpConflict";
        /// <summary>The node serving the virtual IP greets with a name that is not a valid FQDN.</summary>
        public const string BadGreetingActive = "BadGreetingActive";
    }

    /// <summary>One period during which an invariant did not hold. <see cref="To"/> is null while it still holds.</summary>
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
