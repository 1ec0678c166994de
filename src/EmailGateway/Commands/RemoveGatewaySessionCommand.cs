using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Sessions;

namespace EmailGateway.Commands
{
    /// <summary>Closes sessions: disposes their connections and removes them from the session table.</summary>
    [Cmdlet(VerbsCommon.Remove, "GatewaySession", DefaultParameterSetName = ByNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    public sealed class RemoveGatewaySessionCommand : GatewayCmdlet
    {
        private const string ByNameSet = "ByName";
        private const string BySessionSet = "BySession";

        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CN")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? ComputerName { get; set; }

        [Parameter(ParameterSetName = BySessionSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public GatewaySession[]? Session { get; set; }

        protected override void ProcessRecord()
        {
            if (Session != null)
            {
                foreach (var session in Session) Remove(session);
                return;
            }
            foreach (var name in ComputerName ?? Array.Empty<string>())
            {
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    foreach (var session in ModuleState.Current.Sessions.All().Where(s => pattern.IsMatch(s.ComputerName))) Remove(session);
                }
                else if (ModuleState.Current.Sessions.TryGet(name, out var session)) Remove(session);
                else WriteNodeError("SessionNotFound", ErrorCategory.ObjectNotFound, $"No session named '{name}'. Get-GatewaySession lists the open ones.", name);
            }
        }

        private void Remove(GatewaySession session)
        {
            if (!ShouldProcess($"{session.ComputerName} ({session.Kind})", "Close the session")) return;
            if (!ModuleState.Current.Sessions.Remove(session))
            {
                // Not (or no longer) in the table; still make sure its connection is closed.
                session.Dispose();
                WriteVerbose($"{session.ComputerName}: the session was not in the session table; its connection is closed.");
                return;
            }
            WriteVerbose($"{session.ComputerName}: session closed.");
        }
    }
}
