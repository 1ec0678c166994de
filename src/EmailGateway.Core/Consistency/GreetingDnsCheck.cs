using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Consistency
{
    /// <summary>
    /// The DNS half of the greeting checks, for Test-GatewayClusterConsistency -CheckDns: would a strict
    /// receiver accept the greeting of each node that serves, or could take over, the virtual IP?
    /// Syntax is already the FallbackGreeting rule's, so only names that pass it are looked up.
    /// </summary>
    public static class GreetingDnsCheck
    {
        public const string RuleId = "GreetingDns";

        public static async Task<IReadOnlyList<Finding>> EvaluateAsync(IEnumerable<GatewayNode> nodes, GreetingChecker checker, CancellationToken cancellationToken)
        {
            var findings = new List<Finding>();
            foreach (var node in nodes.Where(SendsForTheCluster))
            {
                if (!HeloName.Check(node.Helo).IsValid) continue;
                var sendingAddress = node.VrrpActive && node.VirtualIp != null ? node.VirtualIp : node.Address;
                if (sendingAddress is null || !IPAddress.TryParse(sendingAddress, out var address)) continue;
                var result = await checker.CheckDnsAsync(node.Helo, address, cancellationToken).ConfigureAwait(false);
                if (result.Decision == GreetingDecision.Accepted) continue;
                var rejected = result.Decision == GreetingDecision.Rejected;
                findings.Add(new Finding(RuleId, rejected ? Severity.Error : Severity.Warning, node.ClusterId, new[] { node.ComputerName },
                    $"{node.ComputerName} greets as '{node.Helo}' from {sendingAddress}: {(rejected ? "strict receivers would refuse it" : "receivers may defer it")}: {result.Reason}" +
                    (result.ExpectedReply is null ? "." : $" (expected reply: {result.ExpectedReply})."),
                    "Publish an A record for the greeting that includes the sending address, a PTR record that points back to it, and an SPF record for the HELO name that authorises it (Test-GatewaySmtpGreeting shows each check).",
                    segment: node.Segment));
            }
            return findings;
        }

        private static bool SendsForTheCluster(GatewayNode node) =>
            node.VrrpActive || (node.IsClusterMember && (node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Failover));
    }
}
