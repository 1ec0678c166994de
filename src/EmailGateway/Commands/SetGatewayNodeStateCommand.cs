using System.Collections.Generic;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Guard;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Takes a node's traffic and cluster interfaces offline or brings them online. Management stays
    /// reachable. KB80406: never have members of different builds online together; the guard refuses a change that would (see -Force).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "GatewayNodeState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(NodeOutput))]
    public sealed class SetGatewayNodeStateCommand : GuardedNodeCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        public NetworkState State { get => ParameterBox.Unbox<NetworkState>(_state); set => _state = value; }

        // Boxed, like every parameter of one of Core's value types: see ParameterBox.
        private object? _state;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override GuardChange ChangeFor(string computerName) => GuardChange.SetNetwork(computerName, State);

        protected override string ShouldProcessAction => $"Set network state to {State}";

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            RunChange(sessions, PassThru, async (session, client, token) =>
            {
                var before = await client.GetStatusAsync(token).ConfigureAwait(false);
                foreach (var warning in RiskWarnings.ForNetworkState(before, State)) Log.Warning(warning);
                await client.SetNetworkStateAsync(State, token).ConfigureAwait(false);
                Log.Information($"{session.ComputerName} is {State.ToString().ToLowerInvariant()}.", MyInvocation.MyCommand.Name);
            });
        }
    }
}
