using System.Runtime.CompilerServices;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Upgrade.Orchestration;

namespace EmailGateway.Commands.EmbeddedLabs
{
    /// <summary>
    /// The lab twins an upgrade rehearses on. Only a run with -Rehearse gets a factory, so that a run without
    /// one never loads the lab's assembly (the JIT loads it for any method that names one of its types).
    /// </summary>
    internal static class LabTwins
    {
        public static IUpgradeTwinFactory? For(bool rehearse) => rehearse ? Create() : null;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IUpgradeTwinFactory Create() => new LabUpgradeTwinFactory();
    }
}
