using System;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace EmailGateway.Loading
{
    /// <summary>
    /// Runs when PowerShell imports the cmdlet assembly, after it has listed the assembly's public types and
    /// before any command runs. Listing the types loads no engine assembly (Infrastructure/ParameterBox.cs
    /// keeps Core's value types out of the cmdlets' fields, and the output classes' constructors are
    /// internal), so the resolver is in place before the first engine assembly is asked for
    /// (pester/Import.Tests.ps1 checks that the import loads no engine assembly).
    /// </summary>
    public sealed class LoadingInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>The oldest .NET that runs the net8.0 builds in ./dependencies/core (PowerShell 7.4).</summary>
        public const int MinimumCoreRuntime = 8;

        /// <summary>True on .NET Core / .NET (PowerShell 7), false on .NET Framework (Windows PowerShell).</summary>
        public static bool OnCoreClr => typeof(object).Assembly.GetName().Name == "System.Private.CoreLib";

        /// <summary>
        /// The dependency folder for this process: the net8.0 builds on .NET 8 or later, else the netstandard2.0
        /// builds (Windows PowerShell 5.1, and PowerShell 7.2 and 7.3 on .NET 6 and 7).
        /// </summary>
        public static string Edition =>
            OnCoreClr && Environment.Version.Major >= MinimumCoreRuntime ? ModuleLayout.CoreEdition : ModuleLayout.DesktopEdition;

        public void OnImport()
        {
            var layout = ModuleLayout.OfThisModule(Edition);
            if (OnCoreClr) InstallLoadContext(layout);
            else FrameworkAssemblyResolver.Install(layout);
        }

        // The load context stays for the life of the process: assemblies handed out cannot be taken back,
        // and a second import must bind to the same copies.
        public void OnRemove(PSModuleInfo module) => FrameworkAssemblyResolver.Uninstall();

        // Kept apart so that .NET Framework never compiles a reference to AssemblyLoadContext.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void InstallLoadContext(ModuleLayout layout) => PrivateLoadContext.Install(layout);
    }
}
