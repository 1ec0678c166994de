using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Orchestration
{
    /// <summary>A simulated copy of a cluster to rehearse on: a client per node and the copy's mail account.</summary>
    public interface IUpgradeTwin : IDisposable
    {
        IReadOnlyDictionary<string, GatewayClient> Clients { get; }
        IServiceAccount Account { get; }
    }

    /// <summary>Makes a twin from nodes as read from the live cluster.</summary>
    public interface IUpgradeTwinFactory
    {
        IUpgradeTwin Create(IReadOnlyList<GatewayNode> nodes);
    }

    /// <summary>
    /// Runs a plan on a twin of the live cluster first. The live run may proceed only when the rehearsal
    /// succeeded with no violation that began during it and no rejected delivery.
    /// </summary>
    public static class UpgradeRehearsal
    {
        public static async Task<UpgradeReport> RunAsync(UpgradePlan plan, IReadOnlyList<GatewayNode> liveNodes, IUpgradeTwinFactory factory,
            UpdatePackage? package, UpgradeOptions? options, CancellationToken cancellationToken)
        {
            var wall = Stopwatch.StartNew();
            using var twin = factory.Create(liveNodes);
            var orchestrator = new UpgradeOrchestrator(plan, twin.Clients, package, options, account: twin.Account, network: "rehearsal");
            var report = await orchestrator.RunAsync(1, resumed: false, cancellationToken).ConfigureAwait(false);
            report.WallSeconds = Math.Round(wall.Elapsed.TotalSeconds, 4);
            return report;
        }

        /// <summary>Why a rehearsal forbids the live run; null when it allows it.</summary>
        public static string? Objection(UpgradeReport rehearsal)
        {
            var reasons = new List<string>();
            if (rehearsal.Result != UpgradeResult.Succeeded) reasons.Add($"it did not succeed ({rehearsal.Result}: {rehearsal.Error})");
            if (rehearsal.Violations.Count > 0) reasons.Add($"{rehearsal.Violations.Count} violation(s) began: {string.Join("; ", rehearsal.Violations)}");
            if (rehearsal.RejectedDeliveries is { } rejected && rejected > 0) reasons.Add($"{rejected} deliveries were rejected");
            var open = rehearsal.PreexistingViolations.Where(v => v.To is null).ToList();
            if (open.Count > 0) reasons.Add($"violations found at the start were still open at the end: {string.Join("; ", open)}");
            return reasons.Count == 0 ? null : "The rehearsal on a lab twin refused the upgrade: " + string.Join("; ", reasons) + ".";
        }
    }
}
