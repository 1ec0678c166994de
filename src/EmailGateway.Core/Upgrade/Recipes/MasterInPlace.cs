using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Recipes
{
    /// <summary>
    /// KB80406 recipe A: with the failover and scanners offline the master updates in place (service pauses
    /// for its update), then the failover returns and is restarted beside it, then the scanners follow.
    /// </summary>
    internal static class MasterInPlace
    {
        public static void Build(PlanBuilder plan, GatewayNode master, GatewayNode? failover, IReadOnlyList<string> scanners, IReadOnlyList<IReadOnlyList<string>> batches)
        {
            var m = master.ComputerName;
            if (failover != null)
                plan.TakeOffline("A.1", new[] { failover.ComputerName }, $"only {m} stays on the network" +
                    (failover.Build != master.Build && failover.IsOnline ? $" (this ends the mixed-build segment: {failover.ComputerName} runs {failover.Build})" : string.Empty));
            if (scanners.Count > 0) plan.TakeOffline("A.1", scanners, $"only {m} stays on the network");
            if (failover != null) plan.Update("A.2", new[] { failover.ComputerName }, "while it is offline");
            plan.Update("A.3", new[] { m }, "in place; the cluster is unavailable while it updates",
                outage: plan.Timings.Update + plan.Timings.VrrpTakeover);
            if (failover != null)
            {
                var f = failover.ComputerName;
                plan.BringOnline("A.4", new[] { f }, $"it joins {m}, now of its own build");
                plan.Restart("A.5", f, $"beside {m} of its own build it applies the cluster's configuration", master.Helo);
            }
            for (var i = 0; i < batches.Count; i++)
                plan.Update("A.6", batches[i], batches.Count > 1 ? $"batch {i + 1} of {batches.Count}, while offline" : "while offline", batch: i + 1);
            if (scanners.Count > 0) plan.BringOnline("A.7", scanners, $"they take {m}'s configuration", membersResync: true, greeting: master.Helo);
        }
    }
}
