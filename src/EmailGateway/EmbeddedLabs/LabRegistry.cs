using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using EmailGateway.Lab.Fleet;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Lab.Shell;
using EmailGateway.Lab.World;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Runs;

namespace EmailGateway.Commands.EmbeddedLabs
{
    /// <summary>One runspace's labs; adding one registers a session per node in that runspace's table, removing it closes them.</summary>
    internal sealed class LabRegistry
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, GatewayLab> _labs = new Dictionary<string, GatewayLab>(StringComparer.OrdinalIgnoreCase);
        private readonly SessionRegistry _sessions;

        public LabRegistry(SessionRegistry sessions) => _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));

        public GatewayLab Add(string name, string source, string prefix, LabFleet fleet)
        {
            lock (_gate)
            {
                if (_labs.ContainsKey(name)) throw new InvalidOperationException($"A lab named '{name}' already exists. Remove it (Remove-GatewayLab) or choose another -Name.");
                var lab = new GatewayLab(name, source, prefix, fleet);
                var taken = lab.Nodes.Where(n => _sessions.TryGet(n, out _)).ToList();
                if (taken.Count > 0)
                    throw new InvalidOperationException($"Session names {string.Join(", ", taken)} are in use. Remove those sessions or labs, or give this lab a -Prefix.");
                // Each session carries its segment: the lab's own by default, so labs never share one.
                foreach (var world in fleet.Segments)
                    foreach (var node in world.NodeNames)
                        _sessions.Add(new GatewaySession(new NamedTransport(world.CreateTransport(node), prefix + node), labName: name, segment: lab.SegmentOf(world)));
                _labs.Add(name, lab);
                return lab;
            }
        }

        public IReadOnlyList<GatewayLab> All()
        {
            lock (_gate) return _labs.Values.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        public bool TryGet(string name, out GatewayLab lab)
        {
            lock (_gate) return _labs.TryGetValue(name, out lab!);
        }

        /// <summary>
        /// What an upgrade of these sessions' nodes gets from their lab segment (timings, mail account, locks inside
        /// the process); real appliances get the defaults and the machine's locks.
        /// </summary>
        public UpgradeSite SiteOf(IReadOnlyList<GatewaySession> sessions) =>
            sessions.Any(s => s.LabName != null) ? LabSiteOf(sessions) : UpgradeSite.Appliances;

        // Apart, so that planning for real appliances never loads the lab's assembly.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static UpgradeSite LabSiteOf(IReadOnlyList<GatewaySession> sessions)
        {
            var worlds = sessions.Select(s => (s.Transport is NamedTransport named ? named.Inner : s.Transport) is LabTransport lab ? lab.Lab : null).Distinct().ToList();
            if (worlds.Count != 1 || worlds[0] is null)
                return new UpgradeSite(runLocks: ProcessRunLocks.Instance);
            var world = worlds[0]!;
            var t = world.Settings.Timings;
            return new UpgradeSite(new PlanTimings { Update = t.Update, Restart = t.Restart, VrrpTakeover = t.VrrpTakeover, Drain = t.QueueHold },
                new LabServiceAccount(world), ProcessRunLocks.Instance);
        }

        public void Remove(string name)
        {
            lock (_gate)
            {
                _labs.Remove(name);
                _sessions.RemoveLab(name);
            }
        }

        /// <summary>Removes every lab and its sessions.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                foreach (var name in _labs.Keys.ToList()) Remove(name);
            }
        }
    }
}
