using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Rules
{
    /// <summary>
    /// KB80406's symptom: a member greets with <c>scmgateway</c> (or any name that is not an FQDN),
    /// which strict receivers refuse. An error when the node serves mail now or could take over
    /// the virtual IP; a warning for other members.
    /// </summary>
    public sealed class FallbackGreetingRule : IConsistencyRule
    {
        public string Id => "FallbackGreeting";

        public IEnumerable<Finding> Evaluate(ClusterView cluster)
        {
            foreach (var node in cluster.Members)
            {
                var verdict = HeloName.Check(node.Helo);
                if (verdict.IsValid) continue;
                var risky = node.VrrpActive || (node.IsOnline && (node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Failover));
                var role = node.VrrpActive ? "holds the virtual IP now and" : node.Mode == ClusterMode.Failover ? "would take over the virtual IP and" : "";
                yield return new Finding(Id, risky ? Severity.Error : Severity.Warning, cluster.ClusterId, new[] { node.ComputerName },
                    $"{node.ComputerName} {role} greets with '{node.Helo}': {verdict.Reason}. Receivers that check the HELO name refuse its mail (554).".Replace("  ", " "),
                    node.Sync == SyncState.InSync || node.Sync == SyncState.Source
                        ? "Set a fully qualified greeting (the master's configuration, or Set-GatewaySmtpHelo where available)."
                        : Remedies.Resync);
            }
        }
    }
}
