using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Recipes
{
    /// <summary>
    /// KB80406 recipe B: the failover is upgraded offline and serves as interim master (or standalone on the
    /// virtual IP) while the master upgrades; service moves twice, each time by one takeover.
    /// Two additions keep mail safe. A failover whose synced configuration is corrupt or stale has its
    /// greeting re-seeded from the master before it serves (B.3r, with -RepairInterim). At B.6 the interim
    /// node leaves the virtual IP but stays online until its queue is delivered under its valid greeting;
    /// taken offline with mail queued, it would send that mail later as a stale failover greeting
    /// <c>scmgateway</c>, and the mail would be refused.
    /// </summary>
    internal static class FailoverPromotion
    {
        public static void Build(PlanBuilder plan, GatewayNode master, GatewayNode failover, IReadOnlyList<string> scanners,
            IReadOnlyList<IReadOnlyList<string>> batches, InterimMode interim, bool repair)
        {
            var m = master.ComputerName;
            var f = failover.ComputerName;
            var vip = master.VirtualIp!;
            var ownAddress = failover.Address;

            plan.TakeOffline("B.1", new[] { f }, $"only {m} stays on the network" +
                (failover.Build != master.Build && failover.IsOnline ? $" (this ends the mixed-build segment: {f} runs {failover.Build})" : string.Empty));
            if (scanners.Count > 0) plan.TakeOffline("B.1", scanners, $"only {m} stays on the network");
            plan.Update("B.2", new[] { f }, "while it is offline");
            if (interim == InterimMode.Master)
                plan.SetMode("B.3", f, ClusterMode.Master, vip, $"offline, it becomes the interim master (its own configuration source)");
            else
            {
                plan.SetMode("B.3", f, ClusterMode.Standalone, null, "offline, it becomes a standard appliance");
                plan.SetAddress("B.3", f, vip, "as a standard appliance it takes the cluster's virtual IP as its address");
            }
            if (repair)
                plan.SetGreeting("B.3r", f, master.Helo, $"its synced configuration is {ModeNames.ToWire(failover.Sync)}; it must greet as the cluster does ({master.Helo}) before it serves");

            plan.Switchover("B.4", m, ReleaseBy.TakeOffline, f, $"{f} serves the virtual IP while {m} updates (one takeover); {m}'s queue waits with it and is delivered when it returns");
            plan.Update("B.5", new[] { m }, "while it is offline");
            plan.Switchover("B.6", f, interim == InterimMode.Master ? ReleaseBy.BecomeStandalone : ReleaseBy.RestoreAddress, m,
                $"{m} serves again (one takeover)", ownAddress);
            plan.TakeOffline("B.6", new[] { f }, "its queue is delivered first, under its valid greeting");
            plan.SetMode("B.7", f, ClusterMode.Failover, vip, "back to failover, offline");
            plan.BringOnline("B.8", new[] { f }, $"it joins {m}, now of its own build");
            plan.Restart("B.9", f, $"beside {m} of its own build it applies the cluster's configuration", master.Helo);
            for (var i = 0; i < batches.Count; i++)
                plan.Update("B.10", batches[i], batches.Count > 1 ? $"batch {i + 1} of {batches.Count}, while offline" : "while offline", batch: i + 1);
            if (scanners.Count > 0) plan.BringOnline("B.11", scanners, $"they take {m}'s configuration", membersResync: true, greeting: master.Helo);
        }
    }
}
