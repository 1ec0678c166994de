using System.Collections.Generic;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Guard;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Changes a node's cluster mode: standalone (dissolve, KB80406 workaround 2), master, failover or
    /// scanner (recipe B turns the failover into a master or standalone and back).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "GatewayClusterMode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(NodeOutput))]
    public sealed class SetGatewayClusterModeCommand : GuardedNodeCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        public ClusterMode Mode { get => ParameterBox.Unbox<ClusterMode>(_mode); set => _mode = value; }

        // Boxed, like every parameter of one of Core's value types: see ParameterBox.
        private object? _mode;

        /// <summary>The virtual IP a master or failover serves (VRRP).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? VirtualIp { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override GuardChange ChangeFor(string computerName) => GuardChange.SetMode(computerName, Mode, VirtualIp);

        protected override string ShouldProcessAction =>
            $"Set cluster mode to {Mode}" + (VirtualIp is null ? string.Empty : $" with virtual IP {VirtualIp}");

        protected override void BeginProcessing()
        {
            if (VirtualIp is null) return;
            if (Mode != ClusterMode.Master && Mode != ClusterMode.Failover)
                ThrowTerminating("VirtualIpNotApplicable", ErrorCategory.InvalidArgument,
                    $"-VirtualIp applies to master and failover only, not to {Mode}.", VirtualIp);
            if (!System.Net.IPAddress.TryParse(VirtualIp, out _))
                ThrowTerminating("InvalidVirtualIp", ErrorCategory.InvalidArgument, $"'{VirtualIp}' is not an IP address.", VirtualIp);
        }

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            RunChange(sessions, PassThru, async (session, client, token) =>
            {
                await client.SetClusterModeAsync(Mode, VirtualIp, token).ConfigureAwait(false);
                Log.Information($"{session.ComputerName} runs as {Mode}.", MyInvocation.MyCommand.Name);
            });
        }
    }
}
