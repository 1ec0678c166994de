using System;
using EmailGateway.Upgrade.Guard;

namespace EmailGateway.Upgrade.Orchestration
{
    /// <summary>The guard refused a command of a step: the cluster is not where the plan expects it to be.</summary>
    public sealed class GuardRefusedException : InvalidOperationException
    {
        public GuardRefusedException(GuardVerdict verdict) : base(verdict.Message) => Verdict = verdict;
        public GuardVerdict Verdict { get; }
    }

    /// <summary>A gate did not see the expected state in time.</summary>
    public sealed class GateFailedException : TimeoutException
    {
        public GateFailedException(string node, string message) : base(message) => Node = node;
        public string Node { get; }
    }

    /// <summary>A -BeforeStep or -AfterStep hook failed; the run stops.</summary>
    public sealed class HookFailedException : Exception
    {
        public HookFailedException(string hook, Exception inner) : base($"The {hook} hook failed: {inner.Message}", inner) => Hook = hook;
        public string Hook { get; }
    }

    /// <summary>A node's mail queue did not empty in time, or cannot (it serves the virtual IP).</summary>
    public sealed class DrainFailedException : TimeoutException
    {
        public DrainFailedException(string node, string message) : base(message) => Node = node;
        public string Node { get; }
    }
}
