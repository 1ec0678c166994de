using System.Collections.Generic;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>Members whose configuration is not the master's: corrupt (mixed build) is an error, stale a warning.</summary>
    public sealed class ConfigNotInSyncRule : IClusterRule
    {
        public KbRule Rule => KbRules.ConfigNotInSync;

        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster)
        {
            foreach (var node in cluster.Members)
            {
                if (node.Sync == SyncState.Corrupt)
                    yield return new RuleBreach(Rule, cluster.Key, Severity.Error, new[] { node.ComputerName },
                        $"{node.ComputerName} holds a configuration that was not reflected correctly (sync corrupt, revision {node.ConfigRevision}), as KB80406 describes for mixed builds.");
                else if (node.Sync == SyncState.Stale)
                    yield return new RuleBreach(Rule, cluster.Key, Severity.Warning, new[] { node.ComputerName },
                        $"{node.ComputerName} has not applied the master's configuration yet (sync stale, revision {node.ConfigRevision}); if it takes over it greets with the factory name.");
            }
        }
    }
}
