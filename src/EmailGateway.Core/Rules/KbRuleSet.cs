using System;
using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Rules
{
    /// <summary>
    /// The one set of KB80406 rules, evaluated on a <see cref="NodeSnapshot"/> cluster by cluster. The
    /// consistency check reports every breach; the guard and the lab's invariant monitor act on the hazards.
    /// </summary>
    public sealed class KbRuleSet
    {
        public KbRuleSet(IEnumerable<IClusterRule> rules)
        {
            Rules = (rules ?? throw new ArgumentNullException(nameof(rules))).ToList();
        }

        /// <summary>Every rule of <see cref="KbRules.All"/>, in its order.</summary>
        public static KbRuleSet Default { get; } = new KbRuleSet(DefaultRules());

        public IReadOnlyList<IClusterRule> Rules { get; }

        public static IEnumerable<IClusterRule> DefaultRules()
        {
            var rules = new IClusterRule[]
            {
                new MixedBuildRule(), new FallbackGreetingRule(), new ConfigNotInSyncRule(), new MultipleMastersRule(),
                new NoMasterRule(), new MultipleFailoversRule(), new VirtualIpMismatchRule(), new VirtualIpConflictRule(),
            };
            return KbRules.All.Select(declared => rules.Single(r => r.Rule == declared)).ToList();
        }

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster) => Rules.SelectMany(rule => rule.Evaluate(cluster));

        /// <summary>
        /// The hazards that hold in the snapshot, each once (a conflict between nodes of two clusters of a
        /// segment is found from both).
        /// </summary>
        public IReadOnlyList<RuleBreach> Hazards(NodeSnapshot snapshot)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            return snapshot.Clusters.SelectMany(Evaluate).Where(b => b.IsHazard && seen.Add(b.Key)).ToList();
        }
    }
}
