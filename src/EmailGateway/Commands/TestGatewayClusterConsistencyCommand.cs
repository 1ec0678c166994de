using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Consistency;
using EmailGateway.Model;
using EmailGateway.Sessions;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Groups nodes by cluster (segment and cluster id) and checks each cluster against the KB80406 rules,
    /// the greetings in DNS and a desired state (ConsistencyAssessment): one result per cluster with
    /// InDesiredState and the findings; -Quiet answers one boolean.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "GatewayClusterConsistency", DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(ConsistencyOutput))]
    [OutputType(typeof(bool))]
    public sealed class TestGatewayClusterConsistencyCommand : NodeCmdlet
    {
        // Node objects (-Node) are checked as given, without reading them again.
        private readonly List<GatewayNode> _nodes = new List<GatewayNode>();

        /// <summary>Only these clusters.</summary>
        [Parameter]
        [ValidateRange(Model.ClusterId.Minimum, Model.ClusterId.Maximum)]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public ClusterId[]? ClusterId { get; set; }

        /// <summary>Only clusters in these network segments (wildcards).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SegmentCompleter))]
        public string[]? Segment { get; set; }

        /// <summary>Return $true when every cluster is in desired state, else $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>A desired-state YAML file: every difference from it becomes a finding.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("DesiredState")]
        public string? DesiredStatePath { get; set; }

        /// <summary>Also check in DNS that receivers would accept the greetings of the nodes that serve the virtual IP.</summary>
        [Parameter]
        public SwitchParameter CheckDns { get; set; }

        /// <summary>The DNS server for -CheckDns (address or address:port); the system's resolver by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DnsServer { get; set; }

        private ConsistencyAssessment? _assessment;

        protected override bool RequiresExplicitTargets => false;

        protected override void BeginProcessing()
        {
            var options = new ConsistencyOptions
            {
                ClusterIds = ClusterId,
                Segments = Segment,
                CheckDns = CheckDns,
                DnsServer = DnsServer,
                DesiredStatePath = DesiredStatePath is null ? null : GetUnresolvedProviderPathFromPSPath(DesiredStatePath),
            };
            var prepared = ConsistencyAssessment.Create(options);
            if (prepared.Refusal != null) ThrowRefusal(prepared.Refusal);
            _assessment = prepared.Value!;
            if (_assessment.DesiredState is { } desired)
                WriteVerbose($"Desired state {options.DesiredStatePath}: {string.Join(", ", desired.Clusters.Select(c => c.Describe()))}.");
        }

        protected override void ProcessRecord()
        {
            if (Node != null) _nodes.AddRange(Node.Select(n => n.GetNode()));
            else base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ByNodeSet) Evaluate(_nodes);
            else base.EndProcessing();
        }

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            // The segment is the session's, so nodes of other segments are not read: one that does not answer
            // there has nothing to do with the clusters asked for.
            if (Segment != null) sessions = sessions.Where(s => SegmentName.MatchesAny(Segment, s.Segment)).ToList();
            var nodes = new List<GatewayNode>();
            RunParallel(sessions, (session, client, token) => client.GetStatusAsync(token), nodes.Add);
            Evaluate(nodes);
        }

        private void Evaluate(IReadOnlyList<GatewayNode> nodes)
        {
            var verdict = _assessment!.AssessAsync(nodes, StopToken).GetAwaiter().GetResult();
            if (verdict.DnsFailure != null) WriteNodeError(verdict.DnsFailure, DnsServer);
            if (Quiet)
            {
                WriteObject(verdict.InDesiredState(FailedNodes.Count));
                return;
            }
            foreach (var result in verdict.Results)
            {
                foreach (var finding in result.Findings.Where(f => f.Severity == Severity.Error))
                    WriteVerbose($"{new ClusterKey(result.Segment, new ClusterId(result.ClusterId))}: {finding.RuleId}: {finding.Message}");
                WriteObject(Typed(new ConsistencyOutput(result), TypeNames.ConsistencyResult));
            }
        }
    }
}
