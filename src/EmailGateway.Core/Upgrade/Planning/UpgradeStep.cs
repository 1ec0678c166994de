using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Planning
{
    /// <summary>One step of an upgrade plan: which KB step it implements, what it does to which nodes, the outage it costs and how it is verified.</summary>
    public sealed class UpgradeStep
    {
        public int Index { get; set; }

        /// <summary>The KB80406 recipe step it implements, e.g. "A.3" or "B.4"; "B.3r" marks the repair of a corrupt interim node.</summary>
        public string KbStep { get; set; } = string.Empty;

        public UpgradeAction Action { get; set; }

        /// <summary>The nodes acted on. For a switch-over: the node leaving service, then the node taking over.</summary>
        public IReadOnlyList<string> Targets { get; set; } = Array.Empty<string>();

        /// <summary>The node (or, for a scanner batch, the nodes) as one text, for tables.</summary>
        public string Target => string.Join(", ", Targets);

        /// <summary>The mode a SetMode step sets.</summary>
        public ClusterMode? Mode { get; set; }

        /// <summary>The virtual IP passed with a SetMode to master or failover.</summary>
        public string? VirtualIp { get; set; }

        /// <summary>The address a SetAddress step (or a RestoreAddress release) sets.</summary>
        public string? Address { get; set; }

        /// <summary>The greeting a SetGreeting step sets.</summary>
        public string? Greeting { get; set; }

        /// <summary>The build an Update step installs.</summary>
        public GatewayBuild? Build { get; set; }

        /// <summary>How the leaving node of a switch-over stops serving.</summary>
        public ReleaseBy? Release { get; set; }

        /// <summary>Whether a TakeOffline step waits for the mail queue to empty first.</summary>
        public bool DrainFirst { get; set; }

        /// <summary>Scanner batch number (1-based) of an Update step over scanners; 0 otherwise.</summary>
        public int Batch { get; set; }

        /// <summary>How long the virtual IP is expected to go unserved during this step.</summary>
        public TimeSpan ExpectedOutage { get; set; }

        /// <summary>How long the step is expected to take.</summary>
        public TimeSpan ExpectedDuration { get; set; }

        public string Description { get; set; } = string.Empty;

        /// <summary>Why the step may turn out to have nothing to do (e.g. the node already runs the target build).</summary>
        public string? Note { get; set; }

        public StepGate Gate { get; set; } = new StepGate(Array.Empty<NodeExpectation>(), null, true);

        /// <summary>The gate as a line of text, for tables.</summary>
        public string GateText => Gate.ToString();

        /// <summary>Every node's expected state once this step is done.</summary>
        public IReadOnlyList<NodeExpectation> ExpectedAfter { get; set; } = Array.Empty<NodeExpectation>();

        public NodeExpectation? ExpectedAfterFor(string node) =>
            ExpectedAfter.FirstOrDefault(e => string.Equals(e.ComputerName, node, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => $"{Index}. [{KbStep}] {Action} {Target}: {Description}";
    }
}
