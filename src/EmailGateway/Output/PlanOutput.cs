using System;
using System.Collections.Generic;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Model;

namespace EmailGateway.Output
{
    /// <summary>
    /// An upgrade plan as Get-GatewayUpgradePlan -AsPlan writes it: strategy and modes by name, builds as text,
    /// nodes and steps as the cmdlets write them. Binds back to the typed plan (Invoke-GatewayClusterUpgrade -Plan).
    /// </summary>
    public sealed class PlanOutput
    {
        private readonly UpgradePlan _plan;

        internal PlanOutput(UpgradePlan plan)
        {
            _plan = plan ?? throw new ArgumentNullException(nameof(plan));
            Nodes = OutputText.Each(plan.Nodes, n => new NodeOutput(n));
            Steps = OutputText.Each(plan.Steps, s => new StepOutput(s));
            ExpectedBefore = OutputText.Each(plan.ExpectedBefore, e => new ExpectationOutput(e));
        }

        public string Strategy => OutputText.Name(_plan.Strategy);
        public string InterimMode => OutputText.Name(_plan.InterimMode);
        /// <summary>The network segment of the cluster; empty for the default segment.</summary>
        public string Segment => _plan.Segment;
        public int ClusterId => _plan.ClusterId;
        public string Product => _plan.Product;
        public string? TargetBuild => OutputText.Text(_plan.TargetBuild);
        public string? SourceBuild => OutputText.Text(_plan.SourceBuild);
        public string? Master => _plan.Master;
        public string? Failover => _plan.Failover;
        public IReadOnlyList<string> Scanners => _plan.Scanners;
        public int ScannerBatchSize => _plan.ScannerBatchSize;
        public bool RepairsInterim => _plan.RepairsInterim;
        public string? VirtualIp => _plan.VirtualIp;
        public IReadOnlyList<NodeOutput> Nodes { get; }
        public IReadOnlyList<PreflightCheck> Preflight => _plan.Preflight;
        public IReadOnlyList<StepOutput> Steps { get; }
        public DateTimeOffset CreatedAt => _plan.CreatedAt;
        public bool IsRunnable => _plan.IsRunnable;
        public IReadOnlyList<PreflightCheck> FailedChecks => _plan.FailedChecks;
        /// <summary>Seconds the virtual IP is expected to go unserved over the whole run (durations are seconds in every output object).</summary>
        public double ExpectedOutageSeconds => Durations.Seconds(_plan.ExpectedOutage);

        /// <summary>The expected maintenance window, in seconds.</summary>
        public double ExpectedDurationSeconds => Durations.Seconds(_plan.ExpectedDuration);
        public IReadOnlyList<ExpectationOutput> ExpectedBefore { get; }

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public bool Runnable => IsRunnable;
        public double Outage => ExpectedOutageSeconds;
        public double Duration => ExpectedDurationSeconds;

        /// <summary>The typed plan.</summary>
        public UpgradePlan GetPlan() => _plan;

        public static implicit operator UpgradePlan(PlanOutput output) => output._plan;

        public override string ToString() => _plan.ToString();
    }

    /// <summary>One step of a plan: the action, mode and build by name and text; binds back to the typed step.</summary>
    public sealed class StepOutput
    {
        private readonly UpgradeStep _step;

        internal StepOutput(UpgradeStep step)
        {
            _step = step ?? throw new ArgumentNullException(nameof(step));
            Gate = new GateOutput(step.Gate);
            ExpectedAfter = OutputText.Each(step.ExpectedAfter, e => new ExpectationOutput(e));
        }

        public int Index => _step.Index;
        public string KbStep => _step.KbStep;
        public string Action => OutputText.Name(_step.Action);
        public IReadOnlyList<string> Targets => _step.Targets;
        public string Target => _step.Target;
        public string? Mode => OutputText.Name(_step.Mode);
        public string? VirtualIp => _step.VirtualIp;
        public string? Address => _step.Address;
        public string? Greeting => _step.Greeting;
        public string? Build => OutputText.Text(_step.Build);
        public string? Release => OutputText.Name(_step.Release);
        public bool DrainFirst => _step.DrainFirst;
        public int Batch => _step.Batch;
        public double ExpectedOutageSeconds => Durations.Seconds(_step.ExpectedOutage);
        public double ExpectedDurationSeconds => Durations.Seconds(_step.ExpectedDuration);
        public string Description => _step.Description;
        public string? Note => _step.Note;
        public GateOutput Gate { get; }
        public string GateText => _step.GateText;
        public IReadOnlyList<ExpectationOutput> ExpectedAfter { get; }

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public double Outage => ExpectedOutageSeconds;
        public double Duration => ExpectedDurationSeconds;

        /// <summary>The typed step.</summary>
        public UpgradeStep GetStep() => _step;

        public static implicit operator UpgradeStep(StepOutput output) => output._step;

        public override string ToString() => _step.ToString();
    }

    /// <summary>What must hold after a step: the nodes' expected states, who holds the VIP, whether mail flows.</summary>
    public sealed class GateOutput
    {
        private readonly StepGate _gate;

        internal GateOutput(StepGate gate)
        {
            _gate = gate ?? throw new ArgumentNullException(nameof(gate));
            Nodes = OutputText.Each(gate.Nodes, e => new ExpectationOutput(e));
        }

        public IReadOnlyList<ExpectationOutput> Nodes { get; }
        public string? VirtualIpHolder => _gate.VirtualIpHolder;
        public bool ServiceExpected => _gate.ServiceExpected;

        public override string ToString() => _gate.ToString();
    }

    /// <summary>The state a node is expected in; fields left null are not checked.</summary>
    public sealed class ExpectationOutput
    {
        private readonly NodeExpectation _expected;

        internal ExpectationOutput(NodeExpectation expected) => _expected = expected ?? throw new ArgumentNullException(nameof(expected));

        public string ComputerName => _expected.ComputerName;
        public string? Network => OutputText.Name(_expected.Network);
        public string? Mode => OutputText.Name(_expected.Mode);
        public string? Build => OutputText.Text(_expected.Build);
        public int? ClusterId => _expected.ClusterId;
        public string? Address => _expected.Address;
        public string? VirtualIp => _expected.VirtualIp;
        public string? Helo => _expected.Helo;
        public string? Sync => OutputText.Name(_expected.Sync);

        public override string ToString() => _expected.ToString();
    }
}
