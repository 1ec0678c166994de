using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>
    /// One breach of a KB rule in one cluster: what the consistency check reports as a finding, and, when it is
    /// the rule's hazard, what the guard refuses to bring about and what a lab records as a violation.
    /// </summary>
    public sealed class RuleBreach
    {
        public RuleBreach(KbRule rule, ClusterKey cluster, Severity severity, IEnumerable<string> nodes, string message, bool isHazard = false, IEnumerable<string>? facts = null)
        {
            Rule = rule ?? throw new ArgumentNullException(nameof(rule));
            if (isHazard && rule.Hazard is null) throw new ArgumentException($"The rule {rule.Name} names no hazard.", nameof(isHazard));
            Cluster = cluster;
            Severity = severity;
            Nodes = nodes.ToList();
            Message = message;
            IsHazard = isHazard;
            Facts = new HashSet<string>(facts ?? Nodes, StringComparer.OrdinalIgnoreCase);
        }

        public KbRule Rule { get; }
        public ClusterKey Cluster { get; }
        public Severity Severity { get; }
        public IReadOnlyList<string> Nodes { get; }
        public string Message { get; }

        /// <summary>True when the breach is the state the rule forbids outright (see <see cref="KbRule.Hazard"/>).</summary>
        public bool IsHazard { get; }

        /// <summary>The hazard's name when this is one, else the rule's name.</summary>
        public string Name => IsHazard ? Rule.Hazard! : Rule.Name;

        /// <summary>Identity of the breach: its name and nodes (a lab's violation, a run's record).</summary>
        public string Key => Name + "|" + string.Join(",", Nodes);

        /// <summary>
        /// The node facts that make the breach (for mixed builds, each online member with its build). A projected
        /// breach whose facts all held in one breach of the same hazard before adds nothing: taking a node away
        /// from a broken cluster never counts as a new breach, bringing one in does.
        /// </summary>
        public IReadOnlyCollection<string> Facts { get; }

        public bool IsCoveredBy(RuleBreach earlier) =>
            earlier.Rule == Rule && earlier.IsHazard == IsHazard && Facts.All(f => earlier.Facts.Contains(f));

        public Finding ToFinding() =>
            new Finding(Rule.Name, Severity, Cluster.Id, Nodes, Message, Rule.Remedy, IsHazard ? Rule.Hazard : null, Rule.Citation, Cluster.Segment);

        public override string ToString() => $"{Name} [{string.Join(", ", Nodes)}]: {Message}";
    }
}
