using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.DesiredState;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Smtp;

namespace EmailGateway.Consistency
{
    /// <summary>What Test-GatewayClusterConsistency is asked: which clusters, a desired-state file, and whether to ask DNS.</summary>
    public sealed class ConsistencyOptions
    {
        /// <summary>Only these cluster ids; null for all.</summary>
        public IReadOnlyCollection<ClusterId>? ClusterIds { get; set; }

        /// <summary>Only clusters in segments matching one of these names or patterns ('*', '?'); null for all.</summary>
        public IReadOnlyCollection<string>? Segments { get; set; }

        /// <summary>A desired-state YAML file (resolved path); every difference from it becomes a finding.</summary>
        public string? DesiredStatePath { get; set; }

        /// <summary>Also ask DNS whether receivers would accept the greetings of the nodes that serve the virtual IP.</summary>
        public bool CheckDns { get; set; }

        /// <summary>The DNS server for <see cref="CheckDns"/> (address or address:port); the system's resolver when null.</summary>
        public string? DnsServer { get; set; }
    }

    /// <summary>
    /// The whole consistency assessment: the KB rules over each cluster (<see cref="ConsistencyChecker"/>), the
    /// greetings in DNS when asked, the desired state when given, then the clusters asked for.
    /// </summary>
    public sealed class ConsistencyAssessment
    {
        private readonly ConsistencyOptions _options;
        private readonly GreetingChecker? _dns;

        private ConsistencyAssessment(ConsistencyOptions options, DesiredStateDefinition? desired, GreetingChecker? dns)
        {
            _options = options;
            DesiredState = desired;
            _dns = dns;
        }

        /// <summary>Checks the options and reads the desired-state file; refuses bad options or an unreadable file.</summary>
        public static Prepared<ConsistencyAssessment> Create(ConsistencyOptions options)
        {
            if (options.DnsServer != null && !options.CheckDns)
                return Refusal.Because("DnsServerWithoutCheckDns", RefusalKind.InvalidArgument, "-DnsServer is used only with -CheckDns.", options.DnsServer);
            var greeting = GreetingTarget.Options(GreetingCheckOptions.DefaultTimeout, null, options.DnsServer, null);
            if (greeting.IsRefused) return greeting.Refusal!;
            DesiredStateDefinition? desired = null;
            if (options.DesiredStatePath is { } path)
            {
                try
                {
                    desired = DesiredStateDocument.Load(path);
                }
                catch (DesiredStateException ex)
                {
                    return Refusal.Because("InvalidDesiredState", RefusalKind.InvalidData, ex.Message, path);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    return Refusal.From(ex, path);
                }
            }
            return Prepared<ConsistencyAssessment>.Ok(new ConsistencyAssessment(options, desired, options.CheckDns ? GreetingChecker.Create(greeting.Value!) : null));
        }

        public DesiredStateDefinition? DesiredState { get; }

        public async Task<ConsistencyVerdict> AssessAsync(IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken)
        {
            var results = new ConsistencyChecker().Check(nodes);
            Exception? dnsFailure = null;
            if (_dns != null)
            {
                try
                {
                    var asked = nodes.Where(n => Wanted(n.Segment, n.ClusterId)).ToList();
                    var dnsFindings = await GreetingDnsCheck.EvaluateAsync(asked, _dns, cancellationToken).ConfigureAwait(false);
                    results = results.Select(r => r.WithFindings(dnsFindings.Where(f => f.ClusterId == r.ClusterId && ClusterKey.SameSegment(f.Segment, r.Segment)))).ToList();
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    dnsFailure = ex;
                }
            }
            if (DesiredState != null) results = DesiredStateCheck.Apply(results, DesiredState, nodes);
            results = results.Where(r => Wanted(r.Segment, r.ClusterId)).ToList();
            return new ConsistencyVerdict(results, dnsFailure);
        }

        private bool Wanted(string segment, int clusterId) =>
            (_options.ClusterIds is null || _options.ClusterIds.Contains(new ClusterId(clusterId)))
            && (_options.Segments is null || SegmentName.MatchesAny(_options.Segments, segment));
    }

    /// <summary>The results per cluster, and the DNS failure that kept the greeting check from running, if one did.</summary>
    public sealed class ConsistencyVerdict
    {
        internal ConsistencyVerdict(IReadOnlyList<ClusterConsistencyResult> results, Exception? dnsFailure)
        {
            Results = results;
            DnsFailure = dnsFailure;
        }

        public IReadOnlyList<ClusterConsistencyResult> Results { get; }
        public Exception? DnsFailure { get; }

        /// <summary>Every cluster in desired state and every node read: a node that could not be read is not known to be in desired state.</summary>
        public bool InDesiredState(int unreadNodes) => unreadNodes == 0 && Results.All(r => r.InDesiredState);
    }
}
