using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Execution;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Guard;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// A node cmdlet whose change the KB80406 guard checks first: before anything runs, every open
    /// session's node is read, the change is projected, and a change that would put two builds online in
    /// one segment, two masters or two holders of one address online, or a node with a non-FQDN greeting
    /// on the virtual IP is refused with an error naming the nodes, unless -Force is given.
    /// </summary>
    public abstract class GuardedNodeCmdlet : NodeCmdlet
    {
        /// <summary>Skip the KB80406 guard: allow a change that would mix builds, masters or address holders online, or let a node with a non-FQDN greeting serve.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>What the command would change on one node, in the guard's terms.</summary>
        protected abstract GuardChange ChangeFor(string computerName);

        protected override void BeforeRun(IReadOnlyList<GatewaySession> targets)
        {
            if (targets.Count == 0) return;
            var verdict = CheckGuard(targets);
            if (verdict is null || verdict.Allowed) return;
            if (WhatIfRequested())
            {
                // Nothing runs under -WhatIf; say what the guard would do instead of stopping the preview.
                WriteWarning("What if: " + verdict.Message);
                return;
            }
            if (Force)
            {
                WriteWarning("-Force: going ahead although " + verdict.Message);
                return;
            }
            ThrowTerminating("RefusedByGuard", ErrorCategory.InvalidOperation, verdict.Message, verdict.Nodes.ToArray());
        }

        private GuardVerdict? CheckGuard(IReadOnlyList<GatewaySession> targets)
        {
            var sessions = ModuleState.Current.Sessions.All();
            var nodes = new List<SnapshotNode>();
            var unread = new List<string>();
            foreach (var outcome in FanOut.Run(sessions, s => s.ComputerName, (s, token) => s.CreateClient().GetStatusAsync(token), ThrottleLimit, StopToken))
            {
                var session = sessions.First(s => s.ComputerName == outcome.ComputerName);
                if (outcome.Succeeded) nodes.Add(new SnapshotNode(outcome.Value!, NetworkOf(session)));
                else unread.Add($"{outcome.ComputerName} ({outcome.Error!.Message})");
            }
            var readNames = new HashSet<string>(nodes.Select(n => n.Name), StringComparer.OrdinalIgnoreCase);
            var missing = targets.Where(t => !readNames.Contains(t.ComputerName)).Select(t => t.ComputerName).ToList();
            if (unread.Count > 0)
                WriteWarning($"The KB80406 guard could not read {string.Join("; ", unread)}; it checks the change against the nodes it could read.");
            var changes = targets.Where(t => readNames.Contains(t.ComputerName)).Select(t => ChangeFor(t.ComputerName)).ToList();
            if (missing.Count > 0) WriteVerbose($"Not checked by the guard (unreadable): {string.Join(", ", missing)}");
            return changes.Count == 0 ? null : SegmentGuard.Check(nodes, changes);
        }

        private bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)) return LanguagePrimitives.IsTrue(value is SwitchParameter s ? s.IsPresent : value);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>Nodes of one lab share a simulated network; every other session is on the real one.</summary>
        internal static string NetworkOf(GatewaySession session) => session.LabName is null ? string.Empty : "lab:" + session.LabName;
    }
}
