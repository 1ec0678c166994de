using System;
using System.Reflection;

namespace EmailGateway.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has no load contexts. Strong-named assemblies of different
    /// versions can still sit side by side: when a reference to the module's version of a library does not
    /// bind (another version is loaded, or none is found), this handler loads the module's copy.
    /// </summary>
    internal static class FrameworkAssemblyResolver
    {
        private static ModuleLayout? _layout;

        public static void Install(ModuleLayout layout)
        {
            if (_layout != null) return;
            _layout = layout;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public static void Uninstall()
        {
            if (_layout is null) return;
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            _layout = null;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var layout = _layout;
            if (layout is null) return null;
            var requested = new AssemblyName(args.Name);
            var path = layout.FindPrivateAssembly(requested);
            if (path is null) return null;
            var shipped = AssemblyName.GetAssemblyName(path);
            // Serve only what the module ships: never hand an older copy to a caller that wants a newer one.
            if (requested.Version != null && shipped.Version < requested.Version) return null;
            return Assembly.LoadFrom(path);
        }
    }
}
