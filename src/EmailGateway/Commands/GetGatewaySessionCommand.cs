using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Sessions;

namespace EmailGateway.Commands
{
    /// <summary>Lists the open sessions: SSH appliances and lab nodes.</summary>
    [Cmdlet(VerbsCommon.Get, "GatewaySession")]
    [OutputType(typeof(GatewaySession))]
    public sealed class GetGatewaySessionCommand : GatewayCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CN")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ComputerNameCompleter))]
        public string[]? ComputerName { get; set; }

        /// <summary>Only the nodes of this lab.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string? LabName { get; set; }

        protected override void ProcessRecord()
        {
            var sessions = ModuleState.Current.Sessions.All()
                .Where(s => LabName is null || string.Equals(s.LabName, LabName, System.StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (ComputerName is null)
            {
                foreach (var session in sessions) WriteObject(Typed(session, TypeNames.Session));
                return;
            }
            foreach (var name in ComputerName)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = sessions.Where(s => pattern.IsMatch(s.ComputerName)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteNodeError("SessionNotFound", ErrorCategory.ObjectNotFound, $"No session named '{name}'.", name);
                foreach (var session in matches) WriteObject(Typed(session, TypeNames.Session));
            }
        }
    }
}
