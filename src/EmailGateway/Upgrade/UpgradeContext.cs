using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Commands.Labs;
using EmailGateway.Execution;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Transport;
using EmailGateway.Upgrade.Execution;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Commands.Upgrade
{
    /// <summary>
    /// What the two upgrade cmdlets share: sessions for a cluster's nodes, fresh reads, the lab behind them
    /// (for estimates and the mail account), the journal's default place, and the plans handed down the pipeline.
    /// </summary>
    internal static class UpgradeContext
    {
        private static readonly ConditionalWeakTable<UpgradeStep, UpgradePlan> PlanOfStep = new ConditionalWeakTable<UpgradeStep, UpgradePlan>();

        public static void Remember(UpgradePlan plan)
        {
            foreach (var step in plan.Steps) PlanOfStep.Add(step, plan);
        }

        public static UpgradePlan? PlanOf(UpgradeStep step) => PlanOfStep.TryGetValue(step, out var plan) ? plan : null;

        /// <summary>The sessions of the named nodes; names without a session are returned apart.</summary>
        public static (List<GatewaySession> Sessions, List<string> Missing) Sessions(IEnumerable<string> names)
        {
            var sessions = new List<GatewaySession>();
            var missing = new List<string>();
            foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (ModuleState.Current.Sessions.TryGet(name, out var session)) sessions.Add(session);
                else missing.Add(name);
            }
            return (sessions, missing);
        }

        /// <summary>Reads every session's node in parallel; nodes that do not answer are reported with the reason.</summary>
        public static (List<GatewayNode> Nodes, Dictionary<string, string> Unreachable) Read(IReadOnlyList<GatewaySession> sessions, IOperationLog log, CancellationToken cancellationToken)
        {
            var nodes = new List<GatewayNode>();
            var unreachable = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var outcome in FanOut.Run(sessions, s => s.ComputerName, (s, token) => s.CreateClient(log).GetStatusAsync(token), FanOut.DefaultThrottleLimit, cancellationToken))
            {
                if (outcome.Succeeded) nodes.Add(outcome.Value!);
                else unreachable[outcome.ComputerName] = outcome.Error!.Message;
            }
            return (nodes, unreachable);
        }

        /// <summary>The lab all these sessions belong to, when they are the nodes of one lab.</summary>
        public static GatewayLab? LabOf(IReadOnlyList<GatewaySession> sessions)
        {
            var labs = sessions.Select(s => s.LabName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return labs.Count == 1 && labs[0] != null && ModuleState.Current.Labs.TryGet(labs[0]!, out var lab) ? lab : null;
        }

        public static string Network(IReadOnlyList<GatewaySession> sessions) =>
            sessions.Count == 0 ? string.Empty : GuardedNodeCmdlet.NetworkOf(sessions[0]);

        /// <summary>Estimates from the lab's own timings, or the defaults for real appliances.</summary>
        public static PlanTimings Timings(GatewayLab? lab)
        {
            if (lab is null) return new PlanTimings();
            var t = lab.World.Settings.Timings;
            return new PlanTimings { Update = t.Update, Restart = t.Restart, VrrpTakeover = t.VrrpTakeover, Drain = t.QueueHold };
        }

        public static IServiceAccount? Account(GatewayLab? lab) => lab is null ? null : new LabServiceAccount(lab.World);

        public static string DefaultJournalPath(int clusterId, string? master, GatewayLab? lab) =>
            UpgradeJournal.DefaultPath(clusterId, lab is null ? master : $"lab-{lab.Name}-{master}");

        /// <summary>Who holds the run lock of this journal, or null when nobody does.</summary>
        public static string? LockHolder(string journalPath)
        {
            if (!RunLock.IsHeld(journalPath)) return null;
            try
            {
                var runner = UpgradeJournal.Load(journalPath).Document.Runner;
                return $"{runner ?? "an upgrade run"} (lock {RunLock.PathFor(journalPath)})";
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                return $"an upgrade run (lock {RunLock.PathFor(journalPath)})";
            }
        }

        public static Dictionary<string, GatewayClient> Clients(IReadOnlyList<GatewaySession> sessions, IOperationLog log) =>
            sessions.ToDictionary(s => s.ComputerName, s => s.CreateClient(log), StringComparer.OrdinalIgnoreCase);
    }
}
