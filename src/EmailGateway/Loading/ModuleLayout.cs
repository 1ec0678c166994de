using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EmailGateway.Loading
{
    /// <summary>
    /// Where the module's assemblies live: the cmdlet assembly (EmailGateway, which holds this loader) beside
    /// the manifest, loaded by PowerShell into the default context; the module's engine assemblies
    /// (EmailGateway.Core, EmailGateway.Lab, ...) beside them, and third-party libraries in one folder per
    /// edition, all loaded privately: ./dependencies/core holds their net8.0 builds (PowerShell 7.4 and
    /// later), ./dependencies/desktop their netstandard2.0 builds (Windows PowerShell 5.1).
    /// </summary>
    internal sealed class ModuleLayout
    {
        public const string CoreEdition = "core";
        public const string DesktopEdition = "desktop";

        public ModuleLayout(string moduleDirectory, string edition)
        {
            ModuleDirectory = moduleDirectory;
            DependencyDirectory = Path.Combine(Path.Combine(moduleDirectory, "dependencies"), edition);
        }

        public static ModuleLayout OfThisModule(string edition) =>
            new ModuleLayout(Path.GetDirectoryName(typeof(ModuleLayout).Assembly.Location) ?? ".", edition);

        public string ModuleDirectory { get; }
        public string DependencyDirectory { get; }

        /// <summary>The assembly PowerShell itself loads from the manifest; it stays in the default context.</summary>
        private const string PublicAssembly = "EmailGateway";

        private static bool IsPublic(string name) => string.Equals(PublicAssembly, name, StringComparison.OrdinalIgnoreCase);

        /// <summary>The file of a privately loaded assembly, or null when the module does not ship one of that name.</summary>
        public string? FindPrivateAssembly(AssemblyName name)
        {
            var simple = name.Name;
            if (string.IsNullOrEmpty(simple) || IsPublic(simple!)) return null;
            var file = simple + ".dll";
            var beside = Path.Combine(ModuleDirectory, file);
            if (File.Exists(beside)) return beside;
            return FindPlatformSpecific(file) ?? ExistingOrNull(Path.Combine(DependencyDirectory, file));
        }

        // A package's Windows-only build (runtimes/win/lib/<framework>/) wins over its portable one on Windows,
        // as the .NET host would choose for an application.
        private string? FindPlatformSpecific(string file)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
            var lib = Path.Combine(Path.Combine(Path.Combine(DependencyDirectory, "runtimes"), "win"), "lib");
            if (!Directory.Exists(lib)) return null;
            foreach (var framework in Directory.GetDirectories(lib))
            {
                var candidate = Path.Combine(framework, file);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        private static string? ExistingOrNull(string path) => File.Exists(path) ? path : null;

        /// <summary>The module's own engine assemblies (beside the manifest): the ones the cmdlet assembly references.</summary>
        public bool IsEngineAssembly(AssemblyName name) =>
            name.Name != null
            && !IsPublic(name.Name)
            && File.Exists(Path.Combine(ModuleDirectory, name.Name + ".dll"));
    }
}
