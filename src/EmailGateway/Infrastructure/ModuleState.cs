using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Sessions;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// The module's state in one runspace: its session table, its labs and the last status read from each node.
    /// Every runspace gets its own on first use, so scripts that run side by side in one process (ForEach-Object
    /// -Parallel, thread jobs, runbook hosts) neither see nor collide with each other's sessions. When the
    /// runspace closes, its sessions are closed and its labs removed; Remove-GatewaySession stays the explicit way.
    /// </summary>
    internal sealed class ModuleState
    {
        // Keyed weakly by runspace: the table never keeps a runspace alive, and its state goes with it.
        private static readonly ConditionalWeakTable<Runspace, ModuleState> States = new ConditionalWeakTable<Runspace, ModuleState>();

        private ModuleState()
        {
            Labs = new LabRegistry(Sessions);
        }

        public SessionRegistry Sessions { get; } = new SessionRegistry();

        /// <summary>The last status read from each node; tab completion of -ClusterId reads it.</summary>
        public NodeStatusCache NodeCache { get; } = new NodeStatusCache();

        public LabRegistry Labs { get; }

        /// <summary>The state of the runspace running on this thread (a cmdlet's pipeline thread, or a completer's).</summary>
        public static ModuleState Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace
                    ?? throw new InvalidOperationException("EmailGateway keeps its sessions and labs per runspace, and this thread runs none.");
                return States.GetValue(runspace, Attach);
            }
        }

        private static ModuleState Attach(Runspace runspace)
        {
            var state = new ModuleState();
            runspace.StateChanged += (sender, e) =>
            {
                var now = e.RunspaceStateInfo.State;
                if (now != RunspaceState.Closed && now != RunspaceState.Broken) return;
                States.Remove(runspace);
                state.Close();
            };
            return state;
        }

        /// <summary>Removes every lab and closes every session.</summary>
        private void Close()
        {
            Labs.Clear();
            Sessions.Clear();
        }
    }
}
