using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Guard;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// A node cmdlet whose change the KB80406 guard checks first: before anything runs, every open
    /// session's node in the targets' segments is read, the change is projected, and a change that would put two builds online in
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
            var check = SessionGuard.Check(ModuleState.Current.Sessions.All(), targets, ChangeFor, ThrottleLimit, StopToken);
            if (check.Read.Unreachable.Count > 0)
                WriteWarning($"The KB80406 guard could not read {check.Read.DescribeUnreachable()}; it checks the change against the nodes it could read.");
            if (check.Unchecked.Count > 0) WriteVerbose($"Not checked by the guard (unreadable): {string.Join(", ", check.Unchecked)}");
            if (!check.Refused) return;
            var verdict = check.Verdict!;
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
    }
}
