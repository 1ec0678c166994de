using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Commands.EmbeddedLabs;

namespace EmailGateway.Commands
{
    /// <summary>Lists the embedded labs.</summary>
    [Cmdlet(VerbsCommon.Get, "GatewayLab")]
    [OutputType(typeof(GatewayLab))]
    public sealed class GetGatewayLabCommand : GatewayCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("LabName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var labs = ModuleState.Current.Labs.All();
            if (Name is null)
            {
                foreach (var lab in labs) WriteObject(Typed(lab, TypeNames.Lab));
                return;
            }
            foreach (var name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = labs.Where(l => pattern.IsMatch(l.Name)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteNodeError("LabNotFound", ErrorCategory.ObjectNotFound, $"No lab named '{name}'.", name);
                foreach (var lab in matches) WriteObject(Typed(lab, TypeNames.Lab));
            }
        }
    }
}
