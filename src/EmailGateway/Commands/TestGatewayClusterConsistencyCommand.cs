using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.DesiredState;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Sessions;
using EmailGateway.Smtp;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Groups nodes by cluster identifier and checks each cluster against the KB80406 rules:
    /// one result per cluster with InDesiredState and the findings; -Quiet answers one boolean.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "GatewayClusterConsistency", DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(ConsistencyOutput))]
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
        [ValidateRange(Model.ClusterId.Minimum, Model.ClusterId.Maximum)]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public ClusterId[]? ClusterId { get; set; }

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

        private DesiredStateDefinition? _desired;

        protected override bool RequiresExplicitTargets => false;

        protected override void BeginProcessing()
        {
            if (DnsServer != null && !CheckDns)
                ThrowTerminating("DnsServerWithoutCheckDns", ErrorCategory.InvalidArgument, "-DnsServer is used only with -CheckDns.", DnsServer);
            if (DnsServer != null && !DnsServerEndpoint.TryParse(DnsServer, out _, out var error))
                ThrowTerminating("InvalidDnsServer", ErrorCategory.InvalidArgument, $"-DnsServer: {error}", DnsServer);
            if (DesiredStatePath is null) return;
            var path = GetUnresolvedProviderPathFromPSPath(DesiredStatePath);
            try
            {
                _desired = DesiredStateDocument.Load(path);
            }
            catch (DesiredStateException ex)
            {
                ThrowTerminating("InvalidDesiredState", ErrorCategory.InvalidData, ex.Message, path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminating(ex, path);
            }
            WriteVerbose($"Desired state {path}: clusters {string.Join(", ", _desired!.Clusters.Select(c => c.ClusterId))}.");
        }

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
            var results = new ConsistencyChecker().Check(nodes);
            if (CheckDns) results = AddDnsFindings(results, ClusterId is null ? nodes : nodes.Where(n => ClusterId.Contains(new ClusterId(n.ClusterId))).ToList());
            if (_desired != null) results = DesiredStateCheck.Apply(results, _desired, nodes);
            if (ClusterId != null) results = results.Where(r => ClusterId.Contains(new ClusterId(r.ClusterId))).ToList();
            if (Quiet)
            {
                // A node that could not be read is not known to be in desired state.
                WriteObject(FailedNodes.Count == 0 && results.All(r => r.InDesiredState));
                return;
            }
            foreach (var result in results)
            {
                foreach (var finding in result.Findings.Where(f => f.Severity == Severity.Error))
                    WriteVerbose($"Cluster {result.ClusterId}: {finding.RuleId}: {finding.Message}");
                WriteObject(Typed(new ConsistencyOutput(result), TypeNames.ConsistencyResult));
            }
        }

        private IReadOnlyList<ClusterConsistencyResult> AddDnsFindings(IReadOnlyList<ClusterConsistencyResult> results, IReadOnlyList<GatewayNode> nodes)
        {
            var options = new GreetingCheckOptions();
            if (DnsServer != null) options.DnsServer = DnsServerEndpoint.Parse(DnsServer);
            IReadOnlyList<Finding> dnsFindings;
            try
            {
                dnsFindings = GreetingDnsCheck.EvaluateAsync(nodes, GreetingChecker.Create(options), StopToken).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                WriteNodeError(ex, DnsServer);
                return results;
            }
            return results.Select(r => r.WithFindings(dnsFindings.Where(f => f.ClusterId == r.ClusterId))).ToList();
        }
    }
}
