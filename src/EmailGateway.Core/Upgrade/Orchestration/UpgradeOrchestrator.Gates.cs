using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Smtp;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Orchestration
{
    // Gates and postconditions, and the words for a run that stops.
    public sealed partial class UpgradeOrchestrator
    {
        /// <summary>Re-reads the nodes until the step's expected state holds, or fails after the gate timeout.</summary>
        private async Task<IReadOnlyList<GatewayNode>> GateAsync(UpgradeStep step, CancellationToken cancellationToken)
        {
            var deadline = _clock.Now + _options.GateTimeout;
            while (true)
            {
                var nodes = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
                var problems = GateProblems(step, nodes);
                if (problems.Count == 0) return nodes;
                if (_clock.Now >= deadline)
                    throw new GateFailedException(problems[0].Node,
                        $"Step {step.Index} [{step.KbStep}] did not reach its expected state within {_options.GateTimeout}: {string.Join("; ", problems.Select(p => p.Text))}");
                await _clock.DelayAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private bool PostconditionHolds(UpgradeStep step, IReadOnlyList<GatewayNode> nodes) => GateProblems(step, nodes).Count == 0;

        private List<(string Node, string Text)> GateProblems(UpgradeStep step, IReadOnlyList<GatewayNode> nodes)
        {
            var problems = new List<(string, string)>();
            foreach (var expected in step.Gate.Nodes)
            {
                var node = Find(nodes, expected.ComputerName);
                if (node.Power != PowerState.Running) problems.Add((node.ComputerName, $"{node.ComputerName} is {ModeNames.ToWire(node.Power)}"));
                foreach (var difference in expected.Differences(node)) problems.Add((node.ComputerName, $"{node.ComputerName}: {difference}"));
            }
            var servers = nodes.Where(n => n.VrrpActive && ServesVirtualIp(n)).ToList();
            foreach (var server in servers)
            {
                var verdict = HeloName.Check(server.Helo);
                if (!verdict.IsValid) problems.Add((server.ComputerName, $"{server.ComputerName} serves the virtual IP greeting '{server.Helo}': {verdict.Reason}"));
            }
            if (step.Gate.VirtualIpHolder is { } holder && step.Gate.ServiceExpected)
            {
                if (!servers.Any(s => string.Equals(s.ComputerName, holder, StringComparison.OrdinalIgnoreCase)))
                    problems.Add((holder, $"{holder} does not hold the virtual IP {_plan.VirtualIp} (vrrp.active false)" +
                        (servers.Count > 0 ? $"; {string.Join(", ", servers.Select(s => s.ComputerName))} does" : "; nobody serves it")));
                var others = servers.Where(s => !string.Equals(s.ComputerName, holder, StringComparison.OrdinalIgnoreCase)).ToList();
                if (others.Count > 0) problems.Add((others[0].ComputerName, $"{string.Join(", ", others.Select(s => s.ComputerName))} also hold(s) the virtual IP"));
            }
            return problems;
        }

        private string Explain(UpgradeStep step, string? node, Exception ex)
        {
            var attempts = ex is GuardRefusedException || ex is HookFailedException ? string.Empty : $" after {_options.MaxRetries + 1} attempt(s)";
            var inner = (ex is AggregateException aggregate ? string.Join("; ", aggregate.InnerExceptions.Select(e => e.Message)) : ex.Message).TrimEnd();
            // The node's own words may end without a stop; the remedy is a sentence of its own.
            if (inner.Length > 0 && ".!?".IndexOf(inner[inner.Length - 1]) < 0) inner += ".";
            return $"Failed at {StepName(step)}{(node is null ? "" : " on " + node)}{attempts}: {inner} " +
                   $"{Remedy(ex, node)}";
        }

        private static string Remedy(Exception ex, string? node)
        {
            var who = node ?? "the node";
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Count > 0) ex = aggregate.InnerExceptions[0];
            return ex switch
            {
                GuardRefusedException _ => "The cluster is not in the state the plan expects; read it with Get-GatewayNode and find out what changed it.",
                HookFailedException hook => $"Fix the {hook.Hook} script block.",
                DrainFailedException _ => $"Find out why {who}'s mail queue does not empty (a receiver down?).",
                GateFailedException _ => $"Check {who} on its console.",
                GatewayCommandException command => command.Code switch
                {
                    ErrorCodes.Unreachable => $"Restore the management connection to {who}.",
                    ErrorCodes.ChecksumMismatch => $"The package arrived damaged on {who}; check the transfer path and the package file.",
                    ErrorCodes.Timeout when command.Command == "wait" => $"{who} has not come back; check its console and power-cycle it if it hangs.",
                    Protocol.ErrorCodes.UpdateFailed => $"{who} came back on its old build; read its update log on the console and fix the cause.",
                    ErrorCodes.Busy => $"{who} is still busy; wait until it runs again.",
                    ErrorCodes.InvalidPackage => "Use the package for this product and build.",
                    _ => $"Check {who} and the error above.",
                },
                _ => $"Check {who} and the error above.",
            };
        }

        private string NextAction(UpgradeResult result)
        {
            var standing = RunStanding.Describe(_lastRead, ServesVirtualIp, _plan.VirtualIp);
            var resume = RunStanding.ResumeCommand(_journal?.Path);
            return result == UpgradeResult.Stopped
                ? $"{standing} To continue: {resume}"
                : $"{standing} Once the cause is fixed, continue with: {resume}";
        }

        /// <summary>How a step is named in every message about it: its place in the plan and the KB step, e.g. "step 7/14 [KB80406 B.5] Update meg1".</summary>
        private string StepName(UpgradeStep step) => $"step {step.Index}/{_plan.Steps.Count} [KB80406 {step.KbStep}] {step.Action} {step.Target}";
    }
}
