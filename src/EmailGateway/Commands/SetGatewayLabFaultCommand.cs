using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Lab.Shell;
using EmailGateway.Lab.World;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Arms or clears a fault on lab nodes: an update that fails or never returns, the next N commands
    /// failing, a corrupted upload, or management unreachable. For rehearsing what goes wrong.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "GatewayLabFault", DefaultParameterSetName = InjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(LabFaults))]
    public sealed class SetGatewayLabFaultCommand : GatewayCmdlet
    {
        private const string InjectSet = "Inject";
        private const string ClearSet = "Clear";
        private const string InjectNodeSet = "InjectNode";
        private const string ClearNodeSet = "ClearNode";

        // Not mandatory: a mandatory name would make PowerShell bind a piped node's ComputerName before -Node.
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = InjectSet)]
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ClearSet)]
        [Alias("CN")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ComputerNameCompleter))]
        public string[] ComputerName { get; set; } = new string[0];

        /// <summary>Lab node objects, as Get-GatewayNode returns them; each names its session.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InjectNodeSet)]
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ClearNodeSet)]
        [Alias("InputObject")]
        [ValidateNotNull]
        public Output.NodeOutput[]? Node { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = InjectSet)]
        [Parameter(Mandatory = true, ParameterSetName = InjectNodeSet)]
        public LabFaultKind Fault { get => ParameterBox.Unbox<LabFaultKind>(_fault); set => _fault = value; }

        // Boxed: a field of the lab's enum type would load the lab's assembly at import (see ParameterBox).
        private object? _fault;

        /// <summary>For FailCommands: how many commands fail.</summary>
        [Parameter(ParameterSetName = InjectSet)]
        [Parameter(ParameterSetName = InjectNodeSet)]
        [ValidateRange(1, 1000)]
        public int Count { get; set; } = 1;

        /// <summary>Clears every fault on the nodes.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClearSet)]
        [Parameter(Mandatory = true, ParameterSetName = ClearNodeSet)]
        public SwitchParameter Clear { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private bool _anyNamed;

        protected override void ProcessRecord()
        {
            foreach (var name in Node?.Select(n => n.ComputerName) ?? ComputerName)
            {
                _anyNamed = true;
                if (!ModuleState.Current.Sessions.TryGet(name, out var session) || !(Unwrap(session.Transport) is LabTransport lab))
                {
                    WriteNodeError("NotALabNode", ErrorCategory.ObjectNotFound, $"'{name}' is not a lab node. Get-GatewaySession -LabName <lab> lists them.", name);
                    continue;
                }
                var node = lab.ComputerName;
                if (Clear)
                {
                    if (ShouldProcess(name, "Clear lab faults")) lab.Lab.ClearFaults(node);
                }
                else if (ShouldProcess(name, $"Inject lab fault {Fault}" + (Fault == LabFaultKind.FailCommands ? $" x{Count}" : string.Empty)))
                {
                    lab.Lab.InjectFault(node, Fault, Count);
                }
                if (PassThru) WriteObject(lab.Lab.GetFaults(node));
            }
        }

        protected override void EndProcessing()
        {
            if (!_anyNamed)
                ThrowTerminating("NoTarget", ErrorCategory.InvalidArgument, "Name the lab nodes with -ComputerName, or pipe them in (Get-GatewayNode).", null);
        }

        private static Transport.IGatewayTransport Unwrap(Transport.IGatewayTransport transport) =>
            transport is NamedTransport named ? named.Inner : transport;
    }
}
