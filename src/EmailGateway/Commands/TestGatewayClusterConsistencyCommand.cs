using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Sessions;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Groups nodes by cluster identifier and checks each cluster against the KB80406 rules:
    /// one result per cluster with InDesiredState and the findings; -Quiet answers one boolean.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "GatewayClusterConsistency", DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(ClusterConsistencyResult))]
    [OutputType(typeof(bool))]
    public sealed class TestGatewayClusterConsistencyCommand : NodeCmdlet
    {
        private const string ByNodeSet = "ByNode";
        private readonly List<GatewayNode> _nodes = new List<GatewayNode>();

        /// <summary>Node objects, as Get-GatewayNode returns them; checked as given, without reading them again.</summary>
        [Parameter(ParameterSetName = ByNodeSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public GatewayNode[]? InputObject { get; set; }

        /// <summary>Only these clusters.</summary>
        [Parameter]
        [ValidateRange(0, 255)]
        public int[]? ClusterId { get; set; }

        /// <summary>Return $true when every cluster is in desired state, else $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override bool RequiresExplicitTargets => false;

        protected override void ProcessRecord()
        {
            if (InputObject != null) _nodes.AddRange(InputObject);
            else base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ByNodeSet) Evaluate(_nodes);
            else base.EndProcessing();
        }

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            var nodes = new List<GatewayNode>();
            RunParallel(sessions, (session, client, token) => client.GetStatusAsync(token), nodes.Add);
            Evaluate(nodes);
        }

        private void Evaluate(IReadOnlyList<GatewayNode> nodes)
        {
            var selected = ClusterId is null ? nodes : nodes.Where(n => ClusterId.Contains(n.ClusterId)).ToList();
            var results = new ConsistencyChecker().Check(selected);
            if (Quiet)
            {
                WriteObject(results.All(r => r.InDesiredState));
                return;
            }
            foreach (var result in results)
            {
                foreach (var finding in result.Findings.Where(f => f.Severity == Severity.Error))
                    WriteVerbose($"Cluster {result.ClusterId}: {finding.RuleId}: {finding.Message}");
                WriteObject(Typed(result, TypeNames.ConsistencyResult));
            }
        }
    }
}
