using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Rules;

namespace EmailGateway.Upgrade.Guard
{
    /// <summary>
    /// Refuses a change that would bring about a hazard of the KB's rules (<see cref="KbRules"/>): two builds
    /// online in one cluster, two online masters, two nodes answering one address, or a node with a non-FQDN
    /// greeting serving the virtual IP. The change is projected during and after it; who serves is derived from
    /// the KB's rules on both sides, so read and projected states are judged alike. Only hazards the change would
    /// add count: one present already (a cluster caught mid-upgrade) does not block the steps that repair it.
    /// </summary>
    public static class SegmentGuard
    {
        public const string KbReference = "KB80406";

        public static GuardVerdict Check(IReadOnlyList<SnapshotNode> current, IReadOnlyList<GuardChange> changes)
        {
            if (current is null) throw new ArgumentNullException(nameof(current));
            if (changes is null) throw new ArgumentNullException(nameof(changes));
            var unknown = changes.Where(c => !current.Any(n => string.Equals(n.Name, c.NodeName, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"The guard has no state for {string.Join(", ", unknown.Select(c => c.NodeName))}.", nameof(changes));

            var before = Hazards(current);
            var projected = Hazards(GuardChange.Apply(current, changes, during: true)).Concat(Hazards(GuardChange.Apply(current, changes, during: false)));
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var added = projected.Where(b => !before.Any(b.IsCoveredBy) && seen.Add(b.Key)).ToList();
            return new GuardVerdict(changes, added, before);
        }

        /// <summary>The hazards that hold among these nodes, as the guard judges them (who serves derived from the KB's rules).</summary>
        public static IReadOnlyList<RuleBreach> Hazards(IEnumerable<SnapshotNode> nodes) => KbRuleSet.Default.Hazards(NodeSnapshot.Derived(nodes));
    }

    /// <summary>The guard's answer: allowed, or the hazards the change would add, worded for an error message.</summary>
    public sealed class GuardVerdict
    {
        internal GuardVerdict(IReadOnlyList<GuardChange> changes, IReadOnlyList<RuleBreach> added, IReadOnlyList<RuleBreach> existing)
        {
            Changes = changes;
            Breaches = added;
            Existing = existing;
        }

        public IReadOnlyList<GuardChange> Changes { get; }

        /// <summary>Hazards the change would add; empty when it is allowed.</summary>
        public IReadOnlyList<RuleBreach> Breaches { get; }

        /// <summary>Hazards that hold already and that the change does not add to.</summary>
        public IReadOnlyList<RuleBreach> Existing { get; }

        public bool Allowed => Breaches.Count == 0;

        /// <summary>The nodes the change touches and the nodes of every hazard it would add.</summary>
        public IReadOnlyList<string> Nodes =>
            Changes.Select(c => c.NodeName).Concat(Breaches.SelectMany(b => b.Nodes)).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();

        public string Message => Allowed
            ? $"{string.Join("; ", Changes)}: allowed."
            : $"Refused ({SegmentGuard.KbReference}): {string.Join("; ", Changes)} would {string.Join("; and ", Breaches.Select(b => $"{b.Rule.HazardText} ({b.Message.TrimEnd('.')})"))}. " +
              $"Nodes concerned: {string.Join(", ", Nodes)}. " +
              string.Join(" ", Breaches.Select(b => b.Rule.Remedy).Distinct()) +
              " Invoke-GatewayClusterUpgrade runs the KB's recipes in a safe order; -Force overrides this check.";

        public override string ToString() => Message;
    }
}
