using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.World;
using EmailGateway.Sessions;

namespace EmailGateway.Commands.Labs
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
