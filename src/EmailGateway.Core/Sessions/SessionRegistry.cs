using System;
using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Sessions
{
    /// <summary>
    /// The module's table of open sessions, keyed by computer name (case-insensitive).
    /// Thread-safe; the module holds one instance for its lifetime, never in a PowerShell variable.
    /// </summary>
    public sealed class SessionRegistry
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, GatewaySession> _sessions = new Dictionary<string, GatewaySession>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Adds a session; fails if the name is taken, unless <paramref name="replace"/> is set.</summary>
        public void Add(GatewaySession session, bool replace = false)
        {
            GatewaySession? previous = null;
            lock (_gate)
            {
                if (_sessions.TryGetValue(session.ComputerName, out var existing))
                {
                    if (!replace)
                        throw new InvalidOperationException($"A session named '{session.ComputerName}' already exists ({existing.Kind}{(existing.LabName is null ? "" : ", lab " + existing.LabName)}). Remove it first or choose another name.");
                    // Re-adding the very session must not dispose the one now in the table.
                    if (!ReferenceEquals(existing, session)) previous = existing;
                }
                _sessions[session.ComputerName] = session;
            }
            previous?.Dispose();
        }

        public bool TryGet(string computerName, out GatewaySession session)
        {
            lock (_gate) return _sessions.TryGetValue(computerName, out session!);
        }

        public IReadOnlyList<GatewaySession> All()
        {
            lock (_gate) return _sessions.Values.OrderBy(s => s.ComputerName, StringComparer.OrdinalIgnoreCase).ToList();
        }

        public bool Remove(string computerName)
        {
            GatewaySession? removed;
            lock (_gate)
            {
                if (!_sessions.TryGetValue(computerName, out removed)) return false;
                _sessions.Remove(computerName);
            }
            removed.Dispose();
            return true;
        }

        /// <summary>Removes and disposes exactly this session; false if the table holds another one (or none) under its name.</summary>
        public bool Remove(GatewaySession session)
        {
            lock (_gate)
            {
                if (!_sessions.TryGetValue(session.ComputerName, out var current) || !ReferenceEquals(current, session)) return false;
                _sessions.Remove(session.ComputerName);
            }
            session.Dispose();
            return true;
        }

        /// <summary>Removes and disposes every session (their runspace is closing).</summary>
        public void Clear()
        {
            List<GatewaySession> removed;
            lock (_gate)
            {
                removed = _sessions.Values.ToList();
                _sessions.Clear();
            }
            foreach (var session in removed) session.Dispose();
        }

        public void RemoveLab(string labName)
        {
            List<GatewaySession> removed;
            lock (_gate)
            {
                removed = _sessions.Values.Where(s => string.Equals(s.LabName, labName, StringComparison.OrdinalIgnoreCase)).ToList();
                foreach (var session in removed) _sessions.Remove(session.ComputerName);
            }
            foreach (var session in removed) session.Dispose();
        }
    }
}
