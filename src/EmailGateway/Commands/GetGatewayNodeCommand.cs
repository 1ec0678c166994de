using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Sessions;

namespace EmailGateway.Commands
{
    /// <summary>Reads `show status` from every named node (all sessions by default), in parallel.</summary>
    [Cmdlet(VerbsCommon.Get, "GatewayNode", DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(NodeOutput))]
    public sealed class GetGatewayNodeCommand : NodeCmdlet
    {
        /// <summary>Only nodes whose cluster identifier is one of these.</summary>
        [Parameter]
        [ValidateRange(Model.ClusterId.Minimum, Model.ClusterId.Maximum)]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public ClusterId[]? ClusterId { get; set; }

        /// <summary>Only nodes in these network segments (wildcards), as their sessions carry them.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SegmentCompleter))]
        public string[]? Segment { get; set; }

        /// <summary>Only nodes in one of these cluster modes.</summary>
        [Parameter]
        public ClusterMode[]? Mode { get; set; }

        protected override bool RequiresExplicitTargets => false;

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            // The segment is the session's, so nodes of other segments are not even read.
            if (Segment != null) sessions = sessions.Where(s => SegmentName.MatchesAny(Segment, s.Segment)).ToList();
            RunParallel(sessions, (session, client, token) => client.GetStatusAsync(token), node =>
            {
                if (ClusterId != null && !ClusterId.Contains(new ClusterId(node.ClusterId))) return;
                if (Mode != null && !Mode.Contains(node.Mode)) return;
                WriteNode(node);
            });
        }
    }
}
