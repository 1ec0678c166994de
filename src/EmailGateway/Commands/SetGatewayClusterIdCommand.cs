using System.Collections.Generic;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Guard;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Sets the cluster identifier (0-255). KB80406 workaround 1/2: give upgraded and not-yet-upgraded
    /// appliances different identifiers so that no mixed cluster forms.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "GatewayClusterId", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(NodeOutput))]
    public sealed class SetGatewayClusterIdCommand : GuardedNodeCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateRange(Model.ClusterId.Minimum, Model.ClusterId.Maximum)]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        [Alias("Id")]
        public ClusterId ClusterId { get => ParameterBox.Unbox<ClusterId>(_clusterId); set => _clusterId = value; }

        // Boxed, like every parameter of one of Core's value types: see ParameterBox.
        private object? _clusterId;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override GuardChange ChangeFor(string computerName) => GuardChange.SetClusterId(computerName, ClusterId);

        protected override string ShouldProcessAction => $"Set cluster identifier to {ClusterId}";

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            RunChange(sessions, PassThru, async (session, client, token) =>
            {
                await client.SetClusterIdAsync(ClusterId, token).ConfigureAwait(false);
                Log.Information($"{session.ComputerName} has cluster id {ClusterId}.", MyInvocation.MyCommand.Name);
            });
        }
    }
}
