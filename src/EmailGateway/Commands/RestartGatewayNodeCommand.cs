using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using EmailGateway.Output;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Guard;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Restarts nodes and waits until they answer again. KB80406: a failover restarted while online beside
    /// a master of its own build applies the master's configuration. A restart takes the node out of service
    /// while it runs (restarting the master hands the virtual IP to the failover), so the guard checks it like
    /// any other change (see -Force).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Restart, "GatewayNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(NodeOutput))]
    public sealed class RestartGatewayNodeCommand : GuardedNodeCmdlet
    {
        /// <summary>How long to wait for the node's return (on the lab's virtual clock for lab nodes).</summary>
        [Parameter]
        [Alias("TimeoutSeconds")]
        [ValidateRange(1, 86400)]
        public int RestartTimeoutSeconds { get; set; } = (int)NodeOperations.DefaultRestartTimeout.TotalSeconds;

        /// <summary>Return once the restart is accepted, without waiting.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ShouldProcessAction => "Restart the appliance";

        protected override GuardChange ChangeFor(string computerName) => GuardChange.RestartNode(computerName);

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            RunParallel(sessions, async (session, client, token) =>
            {
                var before = await client.GetStatusAsync(token).ConfigureAwait(false);
                foreach (var warning in RiskWarnings.ForRestart(before)) Log.Warning(warning);
                if (NoWait)
                {
                    await client.RestartAsync(token).ConfigureAwait(false);
                    return PassThru ? await client.GetStatusAsync(token).ConfigureAwait(false) : null;
                }
                var node = await NodeOperations.RestartAsync(client, TimeSpan.FromSeconds(RestartTimeoutSeconds), NodeOperations.DefaultPollInterval, token).ConfigureAwait(false);
                Log.Information($"{node.ComputerName} is back (sync {node.Sync}, greeting {node.Helo}).", MyInvocation.MyCommand.Name);
                return PassThru ? node : null;
            }, WriteNode);
        }
    }
}
