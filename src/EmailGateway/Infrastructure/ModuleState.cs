using EmailGateway.Sessions;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// State that lives as long as the module is loaded: the session table and the labs.
    /// Static fields of the module's own assembly, so nothing leaks into PowerShell's global scope.
    /// </summary>
    internal static class ModuleState
    {
        public static SessionRegistry Sessions { get; } = new SessionRegistry();
    }
}
