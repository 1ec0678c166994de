using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Sessions;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>The sessions a node cmdlet acts on, gathered over the whole pipeline: each once, in the order named.</summary>
    internal sealed class NodeTargets
    {
        private readonly List<GatewaySession> _sessions = new List<GatewaySession>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<GatewaySession> Sessions => _sessions;

        public void Add(GatewaySession session)
        {
            if (_seen.Add(session.ComputerName)) _sessions.Add(session);
        }

        /// <summary>Adds the session of this name, or every session a wildcard matches; false when a plain name has no session.</summary>
        public bool Resolve(string name, SessionRegistry registry)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                foreach (var session in registry.All().Where(s => pattern.IsMatch(s.ComputerName))) Add(session);
                return true;
            }
            if (!registry.TryGet(name, out var found)) return false;
            Add(found);
            return true;
        }
    }
}
