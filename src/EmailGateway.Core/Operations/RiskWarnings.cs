using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Operations
{
    /// <summary>
    /// Changes that are allowed but cost something: each warning says what will happen and why, from
    /// the node's status read just before the change. (What is refused outright is the guard's business.)
    /// </summary>
    public static class RiskWarnings
    {
        /// <summary>Warnings for taking a node offline or bringing it online.</summary>
        public static IReadOnlyList<string> ForNetworkState(GatewayNode node, NetworkState target)
        {
            var warnings = new List<string>();
            if (node.NetworkState == target) return warnings;
            if (target == NetworkState.Offline)
            {
                if (node.VrrpActive)
                    warnings.Add($"{node.ComputerName} holds the virtual IP {node.VirtualIp}: mail is deferred until another node takes it over.");
                if (node.MailQueue > 0)
                    warnings.Add($"{node.ComputerName} still has {node.MailQueue} message(s) queued; they wait until it is back online. Drain the queue first to deliver them now.");
            }
            else if (node.IsClusterMember && (node.Sync == SyncState.Corrupt || node.Sync == SyncState.Stale))
            {
                warnings.Add($"{node.ComputerName} comes online with a {ModeNames.ToWire(node.Sync)} configuration" +
                             (HeloName.Check(node.Helo).IsValid ? string.Empty : $" and greets with '{node.Helo}'") +
                             ": if it serves the virtual IP, receivers may refuse its mail (KB80406). Restart it once it is online beside a master of its own build.");
            }
            return warnings;
        }

        /// <summary>Warnings for restarting a node.</summary>
        public static IReadOnlyList<string> ForRestart(GatewayNode node)
        {
            var warnings = new List<string>();
            if (node.VrrpActive && node.IsOnline)
                warnings.Add($"{node.ComputerName} holds the virtual IP {node.VirtualIp}: mail is deferred while it restarts, until another node takes the address over.");
            if (node.IsOnline && node.MailQueue > 0)
                warnings.Add($"{node.ComputerName} still has {node.MailQueue} message(s) queued; a restart holds them until it is back.");
            return warnings;
        }
    }
}
