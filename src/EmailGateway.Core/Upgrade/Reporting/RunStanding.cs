using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Smtp;

namespace EmailGateway.Upgrade.Reporting
{
    /// <summary>
    /// Where a stopped or failed run left the cluster, in the words an admin needs at that moment: who serves
    /// the virtual IP now, whether mail flows, who is offline, and the exact command that continues the run.
    /// </summary>
    public static class RunStanding
    {
        /// <summary>
        /// One sentence on who serves the virtual IP and whether mail flows, then who is offline.
        /// <paramref name="answersFor"/> tells whether a node is set to answer for the virtual IP (by its mode and address);
        /// it serves when it is also online and VRRP-active, and is taking over when it is online but not active yet.
        /// </summary>
        public static string Describe(IReadOnlyList<GatewayNode> nodes, Func<GatewayNode, bool> answersFor, string? virtualIp)
        {
            var vip = string.IsNullOrEmpty(virtualIp) ? "the virtual IP" : $"the virtual IP {virtualIp}";
            var servers = nodes.Where(n => n.VrrpActive && answersFor(n)).ToList();
            var takingOver = nodes.Where(n => !n.VrrpActive && n.IsOnline && n.Power == PowerState.Running && answersFor(n)).Select(n => n.ComputerName).ToList();
            var text = servers.Count > 0
                ? $"{string.Join(" and ", servers.Select(Server))} serve{(servers.Count == 1 ? "s" : string.Empty)} {vip} now; {MailFlow(servers)}"
                : takingOver.Count > 0
                    ? $"Nobody serves {vip} at this moment ({string.Join(", ", takingOver)} is taking it over), so mail waits: senders queue it and retry"
                    : $"Nobody serves {vip} now, so mail does not flow: senders queue it and retry until a node serves it again";
            var offline = nodes.Where(n => !n.IsOnline).Select(n => n.ComputerName).ToList();
            if (offline.Count > 0) text += $"; offline: {string.Join(", ", offline)}";
            return text + ".";
        }

        /// <summary>The command line that continues the run from its journal, quoted for PowerShell.</summary>
        public static string ResumeCommand(string? journalPath) =>
            "Invoke-GatewayClusterUpgrade -Resume" + (string.IsNullOrEmpty(journalPath) ? string.Empty : $" -JournalPath '{journalPath!.Replace("'", "''")}'");

        private static string Server(GatewayNode node) => $"{node.ComputerName} ({ModeNames.ToWire(node.Mode)}, {node.Build}, greeting {node.Helo})";

        private static string MailFlow(IReadOnlyList<GatewayNode> servers)
        {
            var bad = servers.Where(s => !HeloName.Check(s.Helo).IsValid).ToList();
            if (bad.Count > 0)
                return $"mail does not flow: {string.Join(", ", bad.Select(b => $"{b.ComputerName} greets '{b.Helo}'"))} and strict receivers refuse its mail (554, KB80406)";
            if (servers.Count > 1) return "mail flows unreliably: more than one node answers for the address";
            return $"mail flows through {servers[0].ComputerName}";
        }
    }
}
