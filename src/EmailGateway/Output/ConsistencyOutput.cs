using System;
using System.Collections.Generic;
using EmailGateway.Model;

namespace EmailGateway.Output
{
    /// <summary>The verdict for one cluster as Test-GatewayClusterConsistency writes it (findings with their severity by name).</summary>
    public sealed class ConsistencyOutput
    {
        private readonly ClusterConsistencyResult _result;

        internal ConsistencyOutput(ClusterConsistencyResult result)
        {
            _result = result ?? throw new ArgumentNullException(nameof(result));
            Findings = OutputText.Each(result.Findings, f => new FindingOutput(f));
        }

        public int ClusterId => _result.ClusterId;
        public string Segment => _result.Segment;
        public IReadOnlyList<string> Nodes => _result.Nodes;
        public IReadOnlyList<string> Builds => _result.Builds;
        public IReadOnlyList<FindingOutput> Findings { get; }
        public bool InDesiredState => _result.InDesiredState;

        /// <summary>The typed verdict (findings with their severity as an enum).</summary>
        public ClusterConsistencyResult GetResult() => _result;

        public static implicit operator ClusterConsistencyResult(ConsistencyOutput output) => output._result;

        public override string ToString() => _result.ToString();
    }

    /// <summary>One finding, with its severity by name.</summary>
    public sealed class FindingOutput
    {
        private readonly Finding _finding;

        internal FindingOutput(Finding finding) => _finding = finding ?? throw new ArgumentNullException(nameof(finding));

        public string RuleId => _finding.RuleId;
        public string Severity => OutputText.Name(_finding.Severity);
        public int ClusterId => _finding.ClusterId;
        public string Segment => _finding.Segment;
        public IReadOnlyList<string> Nodes => _finding.Nodes;
        public string Message => _finding.Message;
        public string Remediation => _finding.Remediation;
        public string? Hazard => _finding.Hazard;
        public string? Citation => _finding.Citation;

        /// <summary>The typed finding.</summary>
        public Finding GetFinding() => _finding;

        public static implicit operator Finding(FindingOutput output) => output._finding;

        public override string ToString() => _finding.ToString();
    }
}
