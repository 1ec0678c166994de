using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using EmailGateway.Execution;
using EmailGateway.Inventory;
using EmailGateway.Operations;
using EmailGateway.Transport;

namespace EmailGateway.Sessions
{
    /// <summary>
    /// Opens SSH sessions for New-GatewaySession: the targets from an inventory file or from names, a name
    /// already in use refused without connecting, each connection verified and added to the session table
    /// as it succeeds. Nothing is left open when the caller stops.
    /// </summary>
    public static class SessionOpener
    {
        /// <summary>The appliances to connect to; refuses an inventory that cannot be read or a bad name.</summary>
        public static Prepared<IReadOnlyList<SshSessionTarget>> Targets(string? inventoryPath, IReadOnlyList<string> computerNames, string? sessionName, SshSessionOptions options)
        {
            try
            {
                // A segment that is not a name is refused before any connection, with the reason.
                if (options.Segment != null) options.Segment = Model.SegmentName.Validate(options.Segment);
                return Prepared<IReadOnlyList<SshSessionTarget>>.Ok(inventoryPath != null
                    ? SshSessionFactory.FromInventory(InventoryFile.Load(inventoryPath), options)
                    : SshSessionFactory.FromComputerNames(computerNames, options, sessionName));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return Refusal.From(ex, inventoryPath ?? (object)string.Join(", ", computerNames));
            }
        }

        /// <summary>The targets whose name no open session has; the others refused (SessionExists).</summary>
        public static (IReadOnlyList<SshSessionTarget> Fresh, IReadOnlyList<Refusal> Refused) NotOpenYet(IReadOnlyList<SshSessionTarget> targets, SessionRegistry registry)
        {
            var fresh = targets.Where(t => !registry.TryGet(t.Name, out _)).ToList();
            var refused = targets.Where(t => !fresh.Contains(t)).Select(t => Exists(t.Name,
                $"A session named '{t.Name}' already exists. Remove it first (Remove-GatewaySession {t.Name}) or choose another -Name.")).ToList();
            return (fresh, refused);
        }

        /// <summary>
        /// Connects to every target in parallel and registers each session; yields the outcomes (the session, or the
        /// error) in input order. <paramref name="mailbox"/> and <paramref name="finished"/> are served as they happen (see <see cref="FanOut"/>).
        /// </summary>
        public static IEnumerable<NodeOutcome<GatewaySession>> Open(IReadOnlyList<SshSessionTarget> targets, SessionRegistry registry, IOperationLog log, int throttleLimit, CancellationToken cancellationToken,
            Mailbox? mailbox = null, Action<NodeOutcome<GatewaySession>, int>? finished = null)
        {
            foreach (var outcome in FanOut.Run(targets, t => t.Name, (target, token) => SshSessionFactory.OpenAsync(target, log, token), throttleLimit, cancellationToken, mailbox, finished))
            {
                if (!outcome.Succeeded)
                {
                    yield return outcome;
                    continue;
                }
                var session = outcome.Value!;
                if (cancellationToken.IsCancellationRequested)
                {
                    session.Dispose(); // stopped: leave nothing open behind
                    continue;
                }
                yield return Register(session, registry);
            }
        }

        /// <summary>The session once registered; refused (<see cref="RefusedException"/>) when another pipeline took the name meanwhile.</summary>
        private static NodeOutcome<GatewaySession> Register(GatewaySession session, SessionRegistry registry)
        {
            try
            {
                registry.Add(session);
                return NodeOutcome<GatewaySession>.Success(session.ComputerName, session);
            }
            catch (InvalidOperationException ex)
            {
                session.Dispose();
                return NodeOutcome<GatewaySession>.Failure(session.ComputerName, new RefusedException(Exists(session.ComputerName, ex.Message)));
            }
        }

        private static Refusal Exists(string name, string message) => Refusal.Because("SessionExists", RefusalKind.AlreadyExists, message, name);
    }
}
