using System;
using System.IO;
using System.Reflection;

namespace EmailGateway.Loading
{
    /// <summary>
    /// Where the module's assemblies live: the cmdlet assembly (EmailGateway) and this loader beside the
    /// manifest, loaded by PowerShell into the default context; the module's engine assemblies
    /// (EmailGateway.Core, EmailGateway.Lab, ...) beside them and third-party libraries in ./dependencies,
    /// all loaded privately.
    /// </summary>
    internal sealed class ModuleLayout
    {
        public ModuleLayout(string moduleDirectory)
        {
            ModuleDirectory = moduleDirectory;
            DependencyDirectory = Path.Combine(moduleDirectory, "dependencies");
        }

        public static ModuleLayout OfThisModule() =>
            new ModuleLayout(Path.GetDirectoryName(typeof(ModuleLayout).Assembly.Location) ?? ".");

        public string ModuleDirectory { get; }
        public string DependencyDirectory { get; }

        /// <summary>The assemblies PowerShell itself loads from the manifest; they stay in the default context.</summary>
        private static readonly string[] PublicAssemblies = { "EmailGateway", typeof(ModuleLayout).Assembly.GetName().Name! };

        private static bool IsPublic(string name) =>
            Array.Exists(PublicAssemblies, p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The file of a privately loaded assembly, or null when the module does not ship one of that name.</summary>
        public string? FindPrivateAssembly(AssemblyName name)
        {
            var simple = name.Name;
            if (string.IsNullOrEmpty(simple) || IsPublic(simple!)) return null;
            foreach (var directory in new[] { ModuleDirectory, DependencyDirectory })
            {
                var candidate = Path.Combine(directory, simple + ".dll");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>The module's own engine assemblies (beside the manifest): the ones the cmdlet assembly references.</summary>
        public bool IsEngineAssembly(AssemblyName name) =>
            name.Name != null
            && !IsPublic(name.Name)
            && File.Exists(Path.Combine(ModuleDirectory, name.Name + ".dll"));
    }
}
