using System.Collections.Generic;

namespace EmailGateway.Model
{
    /// <summary>One problem a consistency rule found in a cluster, with the KB's remedy.</summary>
    public sealed class Finding
    {
        public Finding(string ruleId, Severity severity, int clusterId, IReadOnlyList<string> nodes, string message, string remediation,
            string? hazard = null, string? citation = null, string? segment = null)
        {
            RuleId = ruleId;
            Severity = severity;
            ClusterId = clusterId;
            Nodes = nodes;
            Message = message;
            Remediation = remediation;
            Hazard = hazard;
            Citation = citation;
            Segment = ClusterKey.Normalize(segment);
        }

        public string RuleId { get; }
        public Severity Severity { get; }
        public int ClusterId { get; }
        public IReadOnlyList<string> Nodes { get; }
        public string Message { get; }
        public string Remediation { get; }

        /// <summary>
        /// The KB80406 hazard this finding is, when it holds now (MixedBuildOnline, BadGreetingActive,
        /// MultipleMasters, VirtualIpConflict): the name the guard refuses with and a lab records. Null otherwise.
        /// </summary>
        public string? Hazard { get; }

        /// <summary>Where KB80406 states the rule; null for checks that are not KB rules (DNS, desired state).</summary>
        public string? Citation { get; }

        /// <summary>The network segment of the cluster; empty for the default segment.</summary>
        public string Segment { get; }

        public override string ToString() => $"{RuleId} ({Severity}): {Message}";
    }
}
