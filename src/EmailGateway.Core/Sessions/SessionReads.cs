using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EmailGateway.Execution;
using EmailGateway.Model;
using EmailGateway.Transport;

namespace EmailGateway.Sessions
{
    /// <summary>Reads the nodes of many sessions in parallel; nodes that do not answer are kept apart with the reason.</summary>
    public static class SessionReads
    {
        public static SessionReadResult Read(IReadOnlyList<GatewaySession> sessions, IOperationLog? log, int throttleLimit, CancellationToken cancellationToken)
        {
            var read = new List<(GatewaySession, GatewayNode)>();
            var unreachable = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var outcome in FanOut.Run(sessions, s => s.ComputerName, (s, token) => s.CreateClient(log).GetStatusAsync(token), throttleLimit, cancellationToken))
            {
                if (outcome.Succeeded) read.Add((sessions.First(s => s.ComputerName == outcome.ComputerName), outcome.Value!));
                else unreachable[outcome.ComputerName] = outcome.Error!.Message;
            }
            return new SessionReadResult(read, unreachable);
        }

        /// <summary>The sessions of the named nodes (each once); names without a session are returned apart.</summary>
        public static (IReadOnlyList<GatewaySession> Sessions, IReadOnlyList<string> Missing) Find(SessionRegistry registry, IEnumerable<string> names)
        {
            var sessions = new List<GatewaySession>();
            var missing = new List<string>();
            foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (registry.TryGet(name, out var session)) sessions.Add(session);
                else missing.Add(name);
            }
            return (sessions, missing);
        }
    }

    /// <summary>The nodes that answered, each with its session, and the ones that did not, with the reason.</summary>
    public sealed class SessionReadResult
    {
        internal SessionReadResult(IReadOnlyList<(GatewaySession Session, GatewayNode Node)> read, IReadOnlyDictionary<string, string> unreachable)
        {
            Read = read;
            Unreachable = unreachable;
        }

        public IReadOnlyList<(GatewaySession Session, GatewayNode Node)> Read { get; }
        public IReadOnlyList<GatewayNode> Nodes => Read.Select(r => r.Node).ToList();
        public IReadOnlyDictionary<string, string> Unreachable { get; }

        /// <summary>"meg1 (reason); meg2 (reason)".</summary>
        public string DescribeUnreachable() => string.Join("; ", Unreachable.Select(u => $"{u.Key} ({u.Value})"));
    }
}
