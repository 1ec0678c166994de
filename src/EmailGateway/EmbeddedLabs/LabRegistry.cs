using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Lab.World;
using EmailGateway.Sessions;
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

        public GatewayLab Add(string name, string source, string prefix, LabWorld world)
        {
            lock (_gate)
            {
                if (_labs.ContainsKey(name)) throw new InvalidOperationException($"A lab named '{name}' already exists. Remove it (Remove-GatewayLab) or choose another -Name.");
                var lab = new GatewayLab(name, source, prefix, world);
                var taken = lab.Nodes.Where(n => _sessions.TryGet(n, out _)).ToList();
                if (taken.Count > 0)
                    throw new InvalidOperationException($"Session names {string.Join(", ", taken)} are in use. Remove those sessions or labs, or give this lab a -Prefix.");
                foreach (var node in world.NodeNames)
                    _sessions.Add(new GatewaySession(new NamedTransport(world.CreateTransport(node), prefix + node), labName: name));
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

        /// <summary>What an upgrade of these sessions' nodes gets from their lab (timings, mail account); real appliances get nothing.</summary>
        public UpgradeSite SiteOf(IReadOnlyList<GatewaySession> sessions)
        {
            var labs = sessions.Select(s => s.LabName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (labs.Count != 1 || labs[0] is null || !TryGet(labs[0]!, out var lab)) return UpgradeSite.Appliances;
            var t = lab.World.Settings.Timings;
            return new UpgradeSite(lab.Name, new PlanTimings { Update = t.Update, Restart = t.Restart, VrrpTakeover = t.VrrpTakeover, Drain = t.QueueHold },
                new LabServiceAccount(lab.World));
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
