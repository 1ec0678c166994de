using System.Management.Automation;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Commands.EmbeddedLabs;

namespace EmailGateway.Commands
{
    /// <summary>Removes labs and closes the sessions of their nodes.</summary>
    [Cmdlet(VerbsCommon.Remove, "GatewayLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class RemoveGatewayLabCommand : GatewayCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("LabName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                if (!ModuleState.Current.Labs.TryGet(name, out var lab))
                {
                    WriteNodeError("LabNotFound", ErrorCategory.ObjectNotFound, $"No lab named '{name}'.", name);
                    continue;
                }
                if (ShouldProcess(lab.Name, $"Remove lab and its sessions {string.Join(", ", lab.Nodes)}")) ModuleState.Current.Labs.Remove(lab.Name);
            }
        }
    }
}
