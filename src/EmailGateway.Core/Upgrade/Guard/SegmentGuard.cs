using System;
using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Upgrade.Guard
{
    /// <summary>
    /// Refuses a change that would create a state KB80406 warns against: two builds online in one segment,
    /// two online masters, two nodes answering for one address, or a node with a non-FQDN greeting serving
    /// the virtual IP. Only breaches the change would add count; one already present (a cluster caught
    /// mid-upgrade) does not block the steps that repair it.
    /// </summary>
    public static class SegmentGuard
    {
        public const string KbReference = "KB80406";

        public static GuardVerdict Check(IReadOnlyList<GuardNode> current, IReadOnlyList<GuardChange> changes)
        {
            if (current is null) throw new ArgumentNullException(nameof(current));
            if (changes is null) throw new ArgumentNullException(nameof(changes));
            var unknown = changes.Where(c => !current.Any(n => string.Equals(n.Name, c.NodeName, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"The guard has no state for {string.Join(", ", unknown.Select(c => c.NodeName))}.", nameof(changes));

            var before = new HashSet<InvariantBreach>(ClusterInvariants.Evaluate(current));
            var during = ClusterInvariants.Evaluate(GuardChange.Apply(current, changes, during: true));
            var after = ClusterInvariants.Evaluate(GuardChange.Apply(current, changes, during: false));
            var added = during.Concat(after).Where(b => !before.Contains(b)).Distinct().ToList();
            return new GuardVerdict(changes, added, before.ToList());
        }
    }

    /// <summary>The guard's answer: allowed, or the breaches the change would add, worded for an error message.</summary>
    public sealed class GuardVerdict
    {
        internal GuardVerdict(IReadOnlyList<GuardChange> changes, IReadOnlyList<InvariantBreach> added, IReadOnlyList<InvariantBreach> existing)
        {
            Changes = changes;
            Breaches = added;
            Existing = existing;
        }

        public IReadOnlyList<GuardChange> Changes { get; }

        /// <summary>Breaches the change would add; empty when it is allowed.</summary>
        public IReadOnlyList<InvariantBreach> Breaches { get; }

        /// <summary>Breaches that hold already and that the change does not add to.</summary>
        public IReadOnlyList<InvariantBreach> Existing { get; }

        public bool Allowed => Breaches.Count == 0;

        /// <summary>The nodes the change touches and the nodes of every breach it would add.</summary>
        public IReadOnlyList<string> Nodes =>
            Changes.Select(c => c.NodeName).Concat(Breaches.SelectMany(b => b.Nodes)).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();

        public string Message => Allowed
            ? $"{string.Join("; ", Changes)}: allowed."
            : $"Refused ({SegmentGuard.KbReference}): {string.Join("; ", Changes)} would {string.Join("; and ", Breaches.Select(Describe))}. " +
              $"Nodes concerned: {string.Join(", ", Nodes)}. {Advice}";

        private string Advice
        {
            get
            {
                var names = new HashSet<string>(Breaches.Select(b => b.Name));
                var advice = new List<string>();
                if (names.Contains(ClusterInvariants.MixedBuildOnline))
                    advice.Add("KB80406 workaround 1: keep members of different builds off the network together, or give them different cluster ids");
                if (names.Contains(ClusterInvariants.BadGreetingActive))
                    advice.Add("restart the failover online beside a master of its own build before it may serve (KB80406 recipes A/B), or take it offline first");
                if (names.Contains(ClusterInvariants.MultipleMasters) || names.Contains(ClusterInvariants.VirtualIpConflict))
                    advice.Add("take the node that serves now offline first");
                advice.Add("Invoke-GatewayClusterUpgrade runs the KB's recipes in a safe order; -Force overrides this check");
                var text = string.Join("; ", advice) + ".";
                return char.ToUpperInvariant(text[0]) + text.Substring(1);
            }
        }

        private static string Describe(InvariantBreach breach) => breach.Name switch
        {
            ClusterInvariants.MixedBuildOnline => $"put two builds online in one segment ({breach.Detail})",
            ClusterInvariants.MultipleMasters => $"put two masters online ({breach.Detail})",
            ClusterInvariants.VirtualIpConflict => $"put two holders of one address online ({breach.Detail})",
            ClusterInvariants.BadGreetingActive => $"let a node with a bad greeting serve the virtual IP ({breach.Detail})",
            _ => breach.Detail,
        };

        public override string ToString() => Message;
    }
}
