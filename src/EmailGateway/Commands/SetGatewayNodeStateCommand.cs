using System.Collections.Generic;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Sessions;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Takes a node's traffic and cluster interfaces offline or brings them online. Management stays
    /// reachable. KB80406: never have members of different builds online together.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "GatewayNodeState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(GatewayNode))]
    public sealed class SetGatewayNodeStateCommand : NodeCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        public NetworkState State { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ShouldProcessAction => $"Set network state to {State}";

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            RunParallel(sessions, async (session, client, token) =>
            {
                await client.SetNetworkStateAsync(State, token).ConfigureAwait(false);
                return PassThru ? await client.GetStatusAsync(token).ConfigureAwait(false) : null;
            }, node => { if (node != null) WriteObject(Typed(node, TypeNames.Node)); });
        }
    }
}
