using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Upgrade.Recipes;

namespace EmailGateway.Upgrade.Planning
{
    /// <summary>Turns a cluster's nodes and a request into a plan: the preflight, then the steps of the chosen KB80406 recipe.</summary>
    public static class UpgradePlanner
    {
        public static UpgradePlan Create(UpgradeRequest request, IReadOnlyList<GatewayNode> nodes, PreflightContext? context = null, DateTimeOffset? now = null)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (nodes is null) throw new ArgumentNullException(nameof(nodes));
            if (request.ScannerBatchSize < 0) throw new ArgumentOutOfRangeException(nameof(request), request.ScannerBatchSize, "The scanner batch size must be 0 (all at once) or more.");
            var duplicates = nodes.GroupBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0) throw new ArgumentException($"The nodes {string.Join(", ", duplicates)} were given more than once.", nameof(nodes));

            context ??= new PreflightContext();
            var ordered = nodes.OrderBy(n => Rank(n.Mode)).ThenBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).ToList();
            var masters = ordered.Where(n => n.Mode == ClusterMode.Master).ToList();
            var master = masters.Count == 1 ? masters[0] : null;
            var failovers = ordered.Where(n => n.Mode == ClusterMode.Failover).ToList();
            var failover = failovers.Count == 1 ? failovers[0] : null;
            var scanners = ordered.Where(n => n.Mode == ClusterMode.Scanner).Select(n => n.ComputerName).ToList();
            var batchSize = request.ScannerBatchSize == 0 ? Math.Max(1, scanners.Count) : request.ScannerBatchSize;

            var plan = new UpgradePlan
            {
                Strategy = request.Recipe,
                InterimMode = request.InterimMode,
                ClusterId = (master ?? ordered.FirstOrDefault())?.ClusterId ?? 0,
                Segment = (master ?? ordered.FirstOrDefault())?.Segment ?? string.Empty,
                Product = request.Product ?? ordered.Select(n => n.Product).FirstOrDefault(p => !string.IsNullOrEmpty(p)) ?? string.Empty,
                TargetBuild = request.TargetBuild,
                SourceBuild = master?.Build,
                Master = master?.ComputerName,
                Failover = failover?.ComputerName,
                Scanners = scanners,
                ScannerBatchSize = batchSize,
                VirtualIp = master?.VirtualIp,
                Nodes = ordered.Select(n => n.Clone()).ToList(),
                Preflight = Preflight.Run(request, ordered, context),
                CreatedAt = now ?? DateTimeOffset.UtcNow,
            };
            // Steps need a master to build on and at most one failover; otherwise only the preflight is shown.
            if (master is null || failovers.Count > 1 || ordered.Any(n => n.Mode == ClusterMode.Standalone)) return plan;
            if (request.Recipe == UpgradeRecipe.FailoverPromotion && failover is null) return plan;

            var builder = new PlanBuilder(ordered, request) { Server = master.ComputerName };
            var batches = scanners.Select((s, i) => (s, i)).GroupBy(x => x.i / batchSize, x => x.s).Select(g => (IReadOnlyList<string>)g.ToList()).ToList();
            if (request.Recipe == UpgradeRecipe.MasterInPlace) MasterInPlace.Build(builder, master, failover, scanners, batches);
            else
            {
                var repair = request.RepairInterim && (failover!.Sync != SyncState.InSync || !Smtp.HeloName.Check(failover.Helo).IsValid);
                plan.RepairsInterim = repair;
                FailoverPromotion.Build(builder, master, failover!, scanners, batches, request.InterimMode, repair);
            }
            plan.Steps = builder.Steps;
            return plan;
        }

        private static int Rank(ClusterMode mode) => mode switch
        {
            ClusterMode.Master => 0,
            ClusterMode.Failover => 1,
            ClusterMode.Scanner => 2,
            _ => 3,
        };
    }
}
