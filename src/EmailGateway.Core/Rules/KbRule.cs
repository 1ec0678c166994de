using System;

namespace EmailGateway.Rules
{
    /// <summary>
    /// The declaration of one KB80406 rule: its name (the RuleId of its findings), the hazard it forbids
    /// (the name the guard refuses with and a lab records; null for rules the guard does not enforce), where
    /// the KB says it, and what to do. Every rule is declared once, in <see cref="KbRules"/>.
    /// </summary>
    public sealed class KbRule
    {
        internal KbRule() { }

        public string Name { get; internal set; } = string.Empty;

        /// <summary>The state the rule forbids outright, by the name lab reports and guard refusals use; null when it only warns.</summary>
        public string? Hazard { get; internal set; }

        /// <summary>What a change would do that brings the hazard about, worded to follow "would" in a refusal.</summary>
        public string? HazardText { get; internal set; }

        /// <summary>Where KB80406 states the rule.</summary>
        public string Citation { get; internal set; } = string.Empty;

        public string Remedy { get; internal set; } = string.Empty;

        /// <summary>True when <paramref name="name"/> is the rule's name or its hazard's name (case-insensitive).</summary>
        public bool IsNamed(string? name) =>
            string.Equals(name, Name, StringComparison.OrdinalIgnoreCase) || (Hazard != null && string.Equals(name, Hazard, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => Hazard is null ? Name : $"{Name} ({Hazard})";
    }
}
