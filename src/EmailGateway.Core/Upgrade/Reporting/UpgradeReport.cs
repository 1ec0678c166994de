using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Reporting
{
    public enum UpgradeResult
    {
        Succeeded,
        /// <summary>A step failed after its retries; the cluster was left in a safe state.</summary>
        Failed,
        /// <summary>Stopped on request (Ctrl+C) in a safe state.</summary>
        Stopped,
        /// <summary>Preflight or rehearsal refused; nothing ran.</summary>
        Refused,
    }

    /// <summary>
    /// One upgrade run: strategy, builds before and after, every step's timing, the mail account on a lab,
    /// violations seen, and the result with what to do next. Plain properties, so ConvertTo-Json renders it.
    /// </summary>
    public sealed class UpgradeReport
    {
        public string Strategy { get; set; } = string.Empty;
        public string? InterimMode { get; set; }
        public int ClusterId { get; set; }

        /// <summary>The cluster's network segment; empty for the default segment.</summary>
        public string Segment { get; set; } = string.Empty;
        public string TargetBuild { get; set; } = string.Empty;
        public UpgradeResult Result { get; set; }
        public bool Succeeded => Result == UpgradeResult.Succeeded;
        public bool Resumed { get; set; }

        /// <summary>The first step this run executed (1-based); more than 1 on a resume.</summary>
        public int StartedAtStep { get; set; } = 1;

        public Dictionary<string, string> BuildsBefore { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, string> BuildsAfter { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public List<StepRecord> Steps { get; set; } = new List<StepRecord>();

        /// <summary>On the cluster's clock (virtual time on a lab).</summary>
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset EndedAt { get; set; }
        public double DurationSeconds => Durations.Seconds(EndedAt - StartedAt);
        public double WallSeconds { get; set; }

        /// <summary>The outage the plan expected for the steps this run executed.</summary>
        public double ExpectedOutageSeconds { get; set; }

        /// <summary>Seconds nobody served the virtual IP during this run (a lab's account; null on real clusters).</summary>
        public double? OutageSeconds { get; set; }

        /// <summary>Deliveries refused for a bad greeting during this run (a lab's account; null on real clusters).</summary>
        public long? RejectedDeliveries { get; set; }

        /// <summary>When nobody served the virtual IP during this run: the lab's own record, or, on real clusters, as the run's reads saw it.</summary>
        public List<OutageWindow> OutageWindows { get; set; } = new List<OutageWindow>();

        /// <summary>Every node's state at the start, and again whenever a read found it changed (network, virtual IP, power, build, mode).</summary>
        public List<NodeObservation> Observations { get; set; } = new List<NodeObservation>();

        /// <summary>The lab's totals since it started, as Get-GatewayLabReport shows them (null on real clusters).</summary>
        public ServiceFigures? Lab { get; set; }

        /// <summary>Invariant violations that began during this run (on a lab, the lab's own record; elsewhere, what the gates saw).</summary>
        public List<ViolationRecord> Violations { get; set; } = new List<ViolationRecord>();

        /// <summary>Violations that held before the run started, and when they ended.</summary>
        public List<ViolationRecord> PreexistingViolations { get; set; } = new List<ViolationRecord>();

        public int? FailedStep { get; set; }
        public string? FailedNode { get; set; }
        public string? Error { get; set; }
        public string? NextAction { get; set; }
        public string? JournalPath { get; set; }

        /// <summary>Why the cluster could not be read once the run ended, when it could not; null otherwise.</summary>
        public string? FinalReadError { get; set; }

        /// <summary>The rehearsal on a lab twin, when -Rehearse was given.</summary>
        public UpgradeReport? Rehearsal { get; set; }

        public double StepSeconds(string action) => Steps.Where(s => s.Action == action).Sum(s => s.DurationSeconds);

        public override string ToString() =>
            $"{Strategy} to {TargetBuild}: {Result}; {Steps.Count(s => s.Result == StepResult.Done || s.Result == StepResult.AlreadyDone)} step(s) done" +
            (OutageSeconds is { } o ? $", outage {o:0.#} s" : string.Empty) + (RejectedDeliveries is { } r ? $", rejected {r}" : string.Empty) +
            $", violations {Violations.Count}";
    }

    /// <summary>A lab's mail account and violations at one moment.</summary>
    public sealed class ServiceFigures
    {
        public double OutageSeconds { get; set; }
        public long RejectedDeliveries { get; set; }
        public long DeliveredMessages { get; set; }
        public long DeferredMessages { get; set; }
        public long StrandedMessages { get; set; }

        /// <summary>When nobody served the virtual IP, since the lab started.</summary>
        public List<OutageWindow> OutageWindows { get; set; } = new List<OutageWindow>();

        public List<ViolationRecord> Violations { get; set; } = new List<ViolationRecord>();
    }

    /// <summary>One period during which an invariant did not hold.</summary>
    public sealed class ViolationRecord
    {
        public string Name { get; set; } = string.Empty;
        public List<string> Nodes { get; set; } = new List<string>();
        public string Detail { get; set; } = string.Empty;
        public DateTimeOffset From { get; set; }
        public DateTimeOffset? To { get; set; }
        public override string ToString() => $"{Name} [{string.Join(", ", Nodes)}] {From:HH:mm:ss}-{(To is { } t ? t.ToString("HH:mm:ss") : "now")}";
    }
}
