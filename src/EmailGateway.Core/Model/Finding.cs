using System.Collections.Generic;

namespace EmailGateway.Model
{
    /// <summary>One problem a consistency rule found in a cluster, with the KB's remedy.</summary>
    public sealed class Finding
    {
        public Finding(string ruleId, Severity severity, int clusterId, IReadOnlyList<string> nodes, string message, string remediation)
        {
            RuleId = ruleId;
            Severity = severity;
            ClusterId = clusterId;
            Nodes = nodes;
            Message = message;
            Remediation = remediation;
        }

        public string RuleId { get; }
        public Severity Severity { get; }
        public int ClusterId { get; }
        public IReadOnlyList<string> Nodes { get; }
        public string Message { get; }
        public string Remediation { get; }

        public override string ToString() => $"{RuleId} ({Severity}): {Message}";
    }
}
