using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace EmailGateway.Loading
{
    /// <summary>
    /// PowerShell 7: the module's engine and third-party assemblies live in this context, so their
    /// references (YamlDotNet, SSH.NET, ...) bind to the module's copies even when the default context
    /// already holds other versions. Framework assemblies still come from the default context.
    /// Only ever touched on .NET Core; Windows PowerShell never JIT-compiles this class.
    /// </summary>
    internal sealed class PrivateLoadContext : AssemblyLoadContext
    {
        private static PrivateLoadContext? _instance;
        private static readonly object Gate = new object();
        private readonly ModuleLayout _layout;

        private PrivateLoadContext(ModuleLayout layout) => _layout = layout;

        /// <summary>Creates the context once and lets the default context hand out the engine assemblies from it.</summary>
        public static void Install(ModuleLayout layout)
        {
            lock (Gate)
            {
                if (_instance != null) return;
                _instance = new PrivateLoadContext(layout);
                Default.Resolving += _instance.ResolveForDefault;
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = _layout.FindPrivateAssembly(assemblyName);
            return path is null ? null : LoadFromAssemblyPath(path);
        }

        // The cmdlet assembly (in the default context) references the engine assemblies: serve those from
        // here. Third-party names are not served to the default context; other code there keeps its own.
        private Assembly? ResolveForDefault(AssemblyLoadContext context, AssemblyName name) =>
            _layout.IsEngineAssembly(name) && AskedByManagedCode() ? LoadFromAssemblyName(name) : null;

        // PowerShell turns on the runtime's startup JIT profile, which replays an earlier process's assembly
        // loads on a native background thread: there no managed frame waits below the load context's own.
        // Served, such a replay loaded the lab at import, after a process that had made a lab, whenever the
        // replay was slow enough to come after the import (under load). Refused, the replay stops; the
        // assemblies load when code needs them.
        private static bool AskedByManagedCode()
        {
            foreach (var frame in new StackTrace(1, false).GetFrames() ?? new StackFrame[0])
            {
                var type = frame?.GetMethod()?.DeclaringType;
                if (type != null && !typeof(AssemblyLoadContext).IsAssignableFrom(type)) return true;
            }
            return false;
        }
    }
}
