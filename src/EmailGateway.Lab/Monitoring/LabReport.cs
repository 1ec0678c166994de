using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EmailGateway.Rules;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Model;

namespace EmailGateway.Lab.Monitoring
{
    /// <summary>What happened in a lab so far: mail outcome, invariant violations and the timeline.</summary>
    public sealed class LabReport
    {
        public string LabName { get; set; } = string.Empty;

        /// <summary>The network segment this account covers (a lab of several segments keeps one account per segment).</summary>
        public string Segment { get; set; } = string.Empty;
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset Now { get; set; }
        /// <summary>Virtual seconds since the lab began (durations are seconds, so they serialise as numbers).</summary>
        public double ElapsedSeconds => Durations.Seconds(Now - StartedAt);

        /// <summary>Seconds during which nobody served the virtual IP (senders deferred their mail).</summary>
        public double OutageSeconds { get; set; }

        /// <summary>When nobody served the virtual IP.</summary>
        public IReadOnlyList<OutageWindow> OutageWindows { get; set; } = Array.Empty<OutageWindow>();

        /// <summary>Messages that arrived while nobody served the virtual IP (deferred by the senders, not lost).</summary>
        public long DeferredMessages { get; set; }

        /// <summary>Outbound deliveries refused (554) because the sending node's greeting was not a valid FQDN: lost mail.</summary>
        public long RejectedDeliveries { get; set; }

        public long DeliveredMessages { get; set; }

        /// <summary>Messages that sat in a node's queue when it left the traffic network (what draining first avoids).</summary>
        public long StrandedMessages { get; set; }

        public IReadOnlyList<LabViolation> Violations { get; set; } = Array.Empty<LabViolation>();
        public IReadOnlyList<LabTimelineEntry> Timeline { get; set; } = Array.Empty<LabTimelineEntry>();

        public bool HasViolations => Violations.Count > 0;

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public string Lab => LabName;
        public double Elapsed => ElapsedSeconds;
        public double Outage => OutageSeconds;
        public long Rejected => RejectedDeliveries;
        public long Deferred => DeferredMessages;
        public long Delivered => DeliveredMessages;
        public long Stranded => StrandedMessages;

        /// <summary>
        /// The same report with its nodes named as their sessions are: the lab's prefix before each node name, in the
        /// violations' node lists and wherever a violation's detail or a timeline line names a node of <paramref name="nodeNames"/>.
        /// </summary>
        public LabReport WithNodePrefix(string prefix, IEnumerable<string> nodeNames)
        {
            if (string.IsNullOrEmpty(prefix)) return this;
            var named = NodeNamePattern(nodeNames);
            string Rename(string text) => named is null ? text : named.Replace(text, m => prefix + m.Value);
            var copy = (LabReport)MemberwiseClone();
            copy.Violations = Violations.Select(v => v.WithNodes(v.Nodes.Select(n => prefix + n).ToList(), Rename(v.Detail))).ToList();
            copy.Timeline = Timeline.Select(t => new LabTimelineEntry(t.Time, Rename(t.Text))).ToList();
            return copy;
        }

        /// <summary>A node name as a whole name: not inside a longer name, nor the first label of a host name (meg1.example.com).</summary>
        private static Regex? NodeNamePattern(IEnumerable<string> nodeNames)
        {
            var names = nodeNames.Where(n => !string.IsNullOrEmpty(n)).OrderByDescending(n => n.Length).Select(Regex.Escape).ToList();
            return names.Count == 0 ? null : new Regex(@"(?<![\w.-])(?:" + string.Join("|", names) + @")(?![\w-]|\.\w)", RegexOptions.CultureInvariant);
        }

        public IEnumerable<LabViolation> ViolationsNamed(string name) => Violations.Where(v => v.Name == name);

        /// <summary>The violations of a rule's hazard.</summary>
        public IEnumerable<LabViolation> ViolationsOf(KbRule rule) => ViolationsNamed(rule.Hazard ?? rule.Name);

        public override string ToString() =>
            $"{LabName} at +{Now - StartedAt}: outage {OutageSeconds:0.#} s, rejected {RejectedDeliveries}, delivered {DeliveredMessages}, violations {Violations.Count}";
    }
}
