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
        /// <summary>The labs' run locks: this registry's (one per runspace), since another runspace's lab of the same name is another lab.</summary>
        public ProcessRunLocks RunLocks { get; } = new ProcessRunLocks();

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
        /// What an upgrade of these sessions' nodes gets from their lab segment (timings, a mail account that names
        /// nodes as their sessions do, locks inside the process, the lab's own journal folder); real appliances get
        /// the defaults, the machine's locks and the default journal folder.
        /// </summary>
        public UpgradeSite SiteOf(IReadOnlyList<GatewaySession> sessions) =>
            sessions.Any(s => s.LabName != null) ? LabSiteOf(sessions) : UpgradeSite.Appliances;

        // Apart, so that planning for real appliances never loads the lab's assembly.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private UpgradeSite LabSiteOf(IReadOnlyList<GatewaySession> sessions)
        {
            var labNames = sessions.Select(s => s.LabName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var lab = labNames.Count == 1 && labNames[0] is { } labName && TryGet(labName, out var found) ? found : null;
            var worlds = sessions.Select(s => (s.Transport is NamedTransport named ? named.Inner : s.Transport) is LabTransport transport ? transport.Lab : null).Distinct().ToList();
            if (worlds.Count != 1 || worlds[0] is null)
                return new UpgradeSite(runLocks: RunLocks, journalFolder: lab?.JournalFolder);
            var world = worlds[0]!;
            var t = world.Settings.Timings;
            return new UpgradeSite(new PlanTimings { Update = t.Update, Restart = t.Restart, VrrpTakeover = t.VrrpTakeover, Drain = t.QueueHold },
                new LabServiceAccount(world, lab?.Prefix ?? string.Empty), RunLocks, lab?.JournalFolder);
        }

        /// <summary>The journal folders of the open labs, where -Resume looks besides the default folder.</summary>
        public IEnumerable<string> JournalFolders() => All().Select(l => l.JournalFolder);

        public void Remove(string name)
        {
            lock (_gate)
            {
                if (_labs.TryGetValue(name, out var lab)) DeleteFolder(lab.JournalFolder);
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

        private static void DeleteFolder(string folder)
        {
            try
            {
                if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                // A journal held open elsewhere stays; the lab is gone either way.
            }
        }
    }
}
