using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Upgrade.Planning
{
    /// <summary>
    /// What is checked after a step before the run goes on: the nodes the step touched look as expected,
    /// and (when the step moves service) the named node holds the virtual IP (vrrp.active) and greets with
    /// a valid FQDN. Every gate also checks that whoever serves the virtual IP greets with a valid FQDN.
    /// </summary>
    public sealed class StepGate
    {
        public StepGate(IReadOnlyList<NodeExpectation> nodes, string? virtualIpHolder, bool serviceExpected)
        {
            Nodes = nodes;
            VirtualIpHolder = virtualIpHolder;
            ServiceExpected = serviceExpected;
        }

        /// <summary>Expected state of the nodes the step touched.</summary>
        public IReadOnlyList<NodeExpectation> Nodes { get; }

        /// <summary>The node that must hold the virtual IP after the step, or null when nobody is expected to (an outage step).</summary>
        public string? VirtualIpHolder { get; }

        /// <summary>False for steps during which the KB expects no service (recipe A step 3 until the master returns).</summary>
        public bool ServiceExpected { get; }

        public override string ToString()
        {
            var parts = Nodes.Select(n => n.ToString()).ToList();
            parts.Add(VirtualIpHolder is null ? "valid greeting on any VIP holder" : $"{VirtualIpHolder} holds the VIP with a valid FQDN greeting");
            return string.Join("; ", parts);
        }
    }
}
