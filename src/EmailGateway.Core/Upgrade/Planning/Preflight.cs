using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Consistency;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Smtp;

namespace EmailGateway.Upgrade.Planning
{
    /// <summary>
    /// The checks that must pass before an upgrade may start. Each check reports what it found; a failed
    /// one says what to do. The strategy check is where KB80406 bites: a failover whose configuration is
    /// corrupt or stale cannot serve as interim master, because it would greet with <c>scmgateway</c>.
    /// </summary>
    public static class Preflight
    {
        public static IReadOnlyList<PreflightCheck> Run(UpgradeRequest request, IReadOnlyList<GatewayNode> nodes, PreflightContext context)
        {
            var checks = new List<PreflightCheck>
            {
                Reachable(nodes, context),
                Running(nodes),
                NotMidChange(nodes),
                OneCluster(nodes),
                OneMaster(nodes),
                SameProduct(request, nodes),
                TargetBuild(request, nodes),
                Consistent(request, nodes),
                NoRunLock(context),
                MasterGreeting(nodes),
                StrategySafe(request, nodes),
            };
            return checks;
        }

        private static PreflightCheck Reachable(IReadOnlyList<GatewayNode> nodes, PreflightContext context) =>
            context.Unreachable.Count == 0
                ? new PreflightCheck("Reachable", true, $"all {nodes.Count} node(s) answered")
                : new PreflightCheck("Reachable", false,
                    "no answer from " + string.Join("; ", context.Unreachable.Select(u => $"{u.Key} ({u.Value})")),
                    "Restore the management connection to every member (or remove a node that left the cluster from the input), then plan again.");

        private static PreflightCheck Running(IReadOnlyList<GatewayNode> nodes)
        {
            var busy = nodes.Where(n => n.Power != PowerState.Running).ToList();
            return busy.Count == 0
                ? new PreflightCheck("Running", true, "every node is running")
                : new PreflightCheck("Running", false, string.Join(", ", busy.Select(n => $"{n.ComputerName} is {ModeNames.ToWire(n.Power)}")),
                    "Wait until every node has finished its update or restart; if another run or admin is at work on the cluster, let them finish first.");
        }

        /// <summary>
        /// A cluster another run or admin is visibly changing: members taken offline on the master's build (the
        /// recipes' first steps), or a standalone node answering on the virtual IP (recipe B's interim). Members
        /// already on a newer build and offline are KB80406 workaround 1, which the Consistent check judges.
        /// </summary>
        private static PreflightCheck NotMidChange(IReadOnlyList<GatewayNode> nodes)
        {
            var master = nodes.FirstOrDefault(n => n.Mode == ClusterMode.Master && n.Build != null);
            var signs = new List<string>();
            if (master != null)
                signs.AddRange(nodes.Where(n => (n.Mode == ClusterMode.Failover || n.Mode == ClusterMode.Scanner) && !n.IsOnline && n.Build == master.Build)
                    .Select(n => $"{n.ComputerName} ({ModeNames.ToWire(n.Mode)}) is offline on the master's build {master.Build}"));
            var virtualIps = nodes.Where(n => n.Mode == ClusterMode.Master || n.Mode == ClusterMode.Failover).Select(n => n.VirtualIp).Where(v => !string.IsNullOrEmpty(v)).ToList();
            signs.AddRange(nodes.Where(n => n.Mode == ClusterMode.Standalone && n.Address != null && virtualIps.Contains(n.Address))
                .Select(n => $"{n.ComputerName} is standalone on the virtual IP {n.Address}"));
            return signs.Count == 0
                ? new PreflightCheck("NotMidChange", true, "no member is offline on the master's build and no standalone node holds the virtual IP")
                : new PreflightCheck("NotMidChange", false, "the cluster looks mid-change: " + string.Join("; ", signs),
                    "Another run or admin may be at work on it (the recipes take members offline first). If a run of yours stopped, continue it with " +
                    "Invoke-GatewayClusterUpgrade -Resume; if nobody is at work, bring the members back (Set-GatewayNodeState -State Online) and plan again.");
        }

        private static PreflightCheck OneCluster(IReadOnlyList<GatewayNode> nodes)
        {
            var clusters = nodes.Select(ClusterKey.Of).Distinct().OrderBy(k => k).ToList();
            if (nodes.Count == 0) return new PreflightCheck("OneCluster", false, "no nodes were given", "Pipe the cluster's nodes in: Get-GatewayNode -ClusterId <id>.");
            return clusters.Count == 1
                ? new PreflightCheck("OneCluster", true, $"all nodes are in {clusters[0]}")
                : new PreflightCheck("OneCluster", false, $"the nodes are in {clusters.Count} clusters: {string.Join("; ", clusters)}",
                    "Plan one cluster at a time here; a fleet of clusters is grouped by segment and id before planning (Get-GatewayNode | Get-GatewayUpgradePlan).");
        }

        private static PreflightCheck OneMaster(IReadOnlyList<GatewayNode> nodes)
        {
            var masters = nodes.Where(n => n.Mode == ClusterMode.Master).ToList();
            if (masters.Count != 1)
                return new PreflightCheck("OneMaster", false,
                    masters.Count == 0 ? "no node is a master" : $"{masters.Count} masters: {string.Join(", ", masters.Select(m => m.ComputerName))}",
                    masters.Count == 0 ? "Bring the master in (or pick one with Set-GatewayClusterMode -Mode Master) before upgrading." : KbRules.MultipleMasters.Remedy);
            if (!masters[0].IsOnline)
                return new PreflightCheck("OneMaster", false, $"the master {masters[0].ComputerName} is offline",
                    "Bring the master online (Set-GatewayNodeState -State Online) so the cluster serves before the upgrade starts.");
            var failovers = nodes.Where(n => n.Mode == ClusterMode.Failover).ToList();
            if (failovers.Count > 1)
                return new PreflightCheck("OneMaster", false, $"{failovers.Count} failovers: {string.Join(", ", failovers.Select(f => f.ComputerName))}", KbRules.MultipleFailovers.Remedy);
            var standalone = nodes.Where(n => n.Mode == ClusterMode.Standalone).ToList();
            if (standalone.Count > 0)
                return new PreflightCheck("OneMaster", false, $"{string.Join(", ", standalone.Select(n => n.ComputerName))} is standalone, not a member",
                    "Leave standalone appliances out of a cluster upgrade (upgrade them with Install-GatewayUpdate).");
            return new PreflightCheck("OneMaster", true, $"{masters[0].ComputerName} is the one master" + (failovers.Count == 1 ? $", {failovers[0].ComputerName} the failover" : ", no failover"));
        }

        private static PreflightCheck SameProduct(UpgradeRequest request, IReadOnlyList<GatewayNode> nodes)
        {
            var products = nodes.Select(n => n.Product).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (products.Count > 1)
                return new PreflightCheck("SameProduct", false, $"the nodes run different products: {string.Join(", ", products)}", "A cluster is one product; check the input.");
            if (request.Product != null && products.Count == 1 && !string.Equals(products[0], request.Product, StringComparison.OrdinalIgnoreCase))
                return new PreflightCheck("SameProduct", false, $"the package is for {request.Product}; the cluster runs {products[0]}", "Use the package for " + products[0] + ".");
            return new PreflightCheck("SameProduct", true, $"product {products.FirstOrDefault() ?? request.Product ?? "unknown"}");
        }

        private static PreflightCheck TargetBuild(UpgradeRequest request, IReadOnlyList<GatewayNode> nodes)
        {
            var master = nodes.FirstOrDefault(n => n.Mode == ClusterMode.Master);
            var target = request.TargetBuild;
            if (master?.Build is null) return new PreflightCheck("TargetBuild", false, "no master build to compare with", "See the OneMaster check.");
            if (target.CompareTo(master.Build) <= 0)
                return new PreflightCheck("TargetBuild", false, $"the target {target} is not newer than the master's {master.Build}",
                    "Choose a newer build; downgrades and re-installs are not upgrades.");
            var odd = nodes.Where(n => n.Build != master.Build && n.Build != target).ToList();
            if (odd.Count > 0)
                return new PreflightCheck("TargetBuild", false,
                    $"{string.Join(", ", odd.Select(n => $"{n.ComputerName} runs {n.Build}"))}, neither the master's {master.Build} nor the target {target}",
                    "Bring those nodes to the master's build or to the target first (Install-GatewayUpdate while offline).");
            return new PreflightCheck("TargetBuild", true, $"{master.Build} -> {target}");
        }

        private static PreflightCheck Consistent(UpgradeRequest request, IReadOnlyList<GatewayNode> nodes)
        {
            var master = nodes.FirstOrDefault(n => n.Mode == ClusterMode.Master);
            var results = new ConsistencyChecker().Check(nodes);
            var findings = results.SelectMany(r => r.Findings).Where(f => f.Severity != Severity.Information).ToList();
            if (findings.Count == 0) return new PreflightCheck("Consistent", true, "the cluster is consistent");

            // Mid-upgrade: the only differences are members already on the target build, and what
            // KB80406 says follows from them (their sync and greeting). The plan takes them offline first.
            var ahead = nodes.Where(n => master != null && n.Build == request.TargetBuild && n.Build != master.Build).ToList();
            var aheadNames = new HashSet<string>(ahead.Select(n => n.ComputerName), StringComparer.OrdinalIgnoreCase);
            bool Explained(Finding f) =>
                f.RuleId == KbRules.MixedBuild.Name && ahead.Count > 0
                || (f.RuleId == KbRules.ConfigNotInSync.Name || f.RuleId == KbRules.FallbackGreeting.Name) && f.Nodes.All(aheadNames.Contains);
            var unexplained = findings.Where(f => !Explained(f)).ToList();
            if (unexplained.Count == 0)
            {
                var detail = string.Join("; ", ahead.Select(n =>
                    $"{n.ComputerName} already runs {n.Build} ({ModeNames.ToWire(n.NetworkState)}, sync {ModeNames.ToWire(n.Sync)}, greets '{n.Helo}')"));
                return new PreflightCheck("Consistent", true,
                    $"consistently mid-upgrade: {detail}. " + (ahead.Any(n => n.IsOnline)
                        ? "It is online beside members of another build (KB80406); the plan's first step takes it offline."
                        : "It is offline, as KB80406 workaround 1 asks."));
            }
            return new PreflightCheck("Consistent", false, string.Join(" ", unexplained.Select(f => $"{f.RuleId}: {f.Message}")),
                string.Join(" ", unexplained.Select(f => f.Remediation).Distinct()));
        }

        private static PreflightCheck NoRunLock(PreflightContext context) =>
            context.RunLockHolder is null
                ? new PreflightCheck("NoRunLock", true, "no other upgrade run holds this cluster's lock")
                : new PreflightCheck("NoRunLock", false, $"another run holds the lock: {context.RunLockHolder}",
                    "Wait for that run to finish, or continue it with Invoke-GatewayClusterUpgrade -Resume once it has stopped.");

        private static PreflightCheck MasterGreeting(IReadOnlyList<GatewayNode> nodes)
        {
            var master = nodes.FirstOrDefault(n => n.Mode == ClusterMode.Master);
            if (master is null) return new PreflightCheck("MasterGreeting", false, "no master", "See the OneMaster check.");
            var verdict = HeloName.Check(master.Helo);
            return verdict.IsValid
                ? new PreflightCheck("MasterGreeting", true, $"{master.ComputerName} greets as {master.Helo}")
                : new PreflightCheck("MasterGreeting", false, $"{master.ComputerName} greets as '{master.Helo}': {verdict.Reason}",
                    "Fix the master's greeting first (set smtp-helo on the master); every member takes it from there.");
        }

        private static PreflightCheck StrategySafe(UpgradeRequest request, IReadOnlyList<GatewayNode> nodes)
        {
            var master = nodes.FirstOrDefault(n => n.Mode == ClusterMode.Master);
            var failover = nodes.FirstOrDefault(n => n.Mode == ClusterMode.Failover);
            if (request.Recipe == UpgradeRecipe.MasterInPlace)
                return new PreflightCheck("StrategySafe", true,
                    $"MasterInPlace (recipe A) needs no interim node; service pauses while {master?.ComputerName ?? "the master"} updates"
                    + (failover != null && failover.Sync != SyncState.InSync ? $"; {failover.ComputerName} (sync {ModeNames.ToWire(failover.Sync)}) stays offline until it restarts beside the upgraded master" : string.Empty));

            if (failover is null)
                return new PreflightCheck("StrategySafe", false, "FailoverPromotion (recipe B) needs a failover to serve while the master updates; this cluster has none",
                    "Use -Strategy MasterInPlace (service pauses for the master's update).");
            if (string.IsNullOrEmpty(master?.VirtualIp))
                return new PreflightCheck("StrategySafe", false, $"the master {master?.ComputerName} has no virtual IP to hand over", KbRules.VirtualIpMismatch.Remedy);
            if (request.InterimMode == InterimMode.Standalone && string.IsNullOrEmpty(failover.Address))
                return new PreflightCheck("StrategySafe", false, $"{failover.ComputerName} reports no address of its own to return to after serving on the virtual IP",
                    "Use -InterimMode Master, or set the failover's address first.");

            if (failover.Sync == SyncState.InSync && HeloName.Check(failover.Helo).IsValid)
                return new PreflightCheck("StrategySafe", true,
                    $"{failover.ComputerName} is in sync and greets as {failover.Helo}; as interim {request.InterimMode.ToString().ToLowerInvariant()} it serves with the cluster's configuration");

            var why = failover.Sync == SyncState.Corrupt
                ? $"{failover.ComputerName}'s configuration is corrupt (sync corrupt: pushed to it across builds, KB80406) and it greets as '{failover.Helo}'"
                : $"{failover.ComputerName} has not applied the master's configuration (sync {ModeNames.ToWire(failover.Sync)}) and greets as '{failover.Helo}'";
            if (request.RepairInterim)
                return new PreflightCheck("StrategySafe", true,
                    $"{why}. The plan repairs it before it serves: offline, it becomes interim {request.InterimMode.ToString().ToLowerInvariant()} and its greeting is re-seeded " +
                    $"from {master!.ComputerName} ({master.Helo}) (step B.3r); once {master.ComputerName} runs {request.TargetBuild}, it is restarted beside it and takes the cluster's configuration (B.9).");
            return new PreflightCheck("StrategySafe", false,
                $"{why}. As interim {request.InterimMode.ToString().ToLowerInvariant()} it would serve the virtual IP greeting '{HeloName.FactoryDefault}', and strict receivers would refuse its mail (554).",
                $"Either add -RepairInterim (the plan re-seeds {failover.ComputerName}'s greeting from {master!.ComputerName} while it is offline, before it serves, and restarts it beside the upgraded master), " +
                $"or use -Strategy MasterInPlace (no interim node; service pauses while {master.ComputerName} updates).");
        }
    }
}
