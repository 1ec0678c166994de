using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;

namespace EmailGateway.Commands.EmbeddedLabs
{
    /// <summary>
    /// Base of cmdlets that act on labs: each lab named or piped in (Get-GatewayLab | ...), or the only lab
    /// there is when none is named.
    /// </summary>
    public abstract class LabCmdlet : GatewayCmdlet
    {
        private bool _anyNamed;

        /// <summary>The lab; may be left out when exactly one lab exists.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("LabName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string? Name { get; set; }

        /// <summary>What the cmdlet does with one lab.</summary>
        protected abstract void ProcessLab(GatewayLab lab);

        protected override void ProcessRecord()
        {
            if (Name is null) return;
            _anyNamed = true;
            ProcessLab(ResolveLab());
        }

        protected override void EndProcessing()
        {
            if (!_anyNamed) ProcessLab(ResolveLab());
        }

        private GatewayLab ResolveLab()
        {
            if (Name != null)
            {
                if (ModuleState.Current.Labs.TryGet(Name, out var named)) return named;
                ThrowTerminating("LabNotFound", ErrorCategory.ObjectNotFound, $"No lab named '{Name}'. Get-GatewayLab lists the labs.", Name);
            }
            var labs = ModuleState.Current.Labs.All();
            if (labs.Count == 1) return labs[0];
            ThrowTerminating(labs.Count == 0 ? "NoLab" : "LabAmbiguous", labs.Count == 0 ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument,
                labs.Count == 0 ? "There is no lab. Create one with New-GatewayLab." : $"There are {labs.Count} labs ({string.Join(", ", labs.Select(l => l.Name))}); name one with -Name.",
                null);
            return null!;
        }
    }
}
