using System;
using System.Collections.Generic;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    public enum ChangeReportFormat
    {
        Html,
        Markdown,
        Json,
    }

    /// <summary>A document for a change advisory board: one section per plan or run, in the order given.</summary>
    public sealed class ChangeReport
    {
        public string Title { get; set; } = "Email gateway upgrade";
        public DateTimeOffset CreatedAt { get; set; }
        public List<ChangeReportSection> Sections { get; set; } = new List<ChangeReportSection>();
    }

    /// <summary>One cluster's plan, run or rehearsal.</summary>
    public sealed class ChangeReportSection
    {
        /// <summary>Plan, Run or Rehearsal.</summary>
        public string Kind { get; set; } = string.Empty;

        public string Heading { get; set; } = string.Empty;
        public int ClusterId { get; set; }
        public string Strategy { get; set; } = string.Empty;
        public string? InterimMode { get; set; }
        public string? SourceBuild { get; set; }
        public string TargetBuild { get; set; } = string.Empty;

        /// <summary>For a plan: Runnable or NotRunnable; for a run: its result (Succeeded, Failed, Stopped, Refused).</summary>
        public string Result { get; set; } = string.Empty;

        /// <summary>For a plan, when it was made; for a run, when it started (the cluster's clock).</summary>
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }

        public List<ChangeReportNode> Nodes { get; set; } = new List<ChangeReportNode>();
        public List<ChangeReportStep> Steps { get; set; } = new List<ChangeReportStep>();

        public double ExpectedOutageSeconds { get; set; }

        /// <summary>The outage a lab measured; null for a plan and on real clusters, where <see cref="OutageSecondsSeen"/> is what the run's reads saw.</summary>
        public double? MeasuredOutageSeconds { get; set; }

        /// <summary>The outage windows summed, as drawn on the timeline.</summary>
        public double OutageSecondsSeen { get; set; }

        /// <summary>Deliveries refused for a bad greeting (a lab's account; null for plans and real clusters).</summary>
        public long? RejectedDeliveries { get; set; }

        /// <summary>Preflight checks that failed (plans), or what went wrong and what to do next (runs).</summary>
        public List<string> Problems { get; set; } = new List<string>();

        /// <summary>Invariant violations that began during the run, or held before it.</summary>
        public List<string> Violations { get; set; } = new List<string>();

        public string? NextAction { get; set; }

        public UpgradeTimeline Timeline { get; set; } = new UpgradeTimeline();
    }

    public sealed class ChangeReportNode
    {
        public string ComputerName { get; set; } = string.Empty;
        public string Mode { get; set; } = string.Empty;
        public string BuildBefore { get; set; } = string.Empty;

        /// <summary>The build after the run, or for a plan the build it should end on.</summary>
        public string BuildAfter { get; set; } = string.Empty;
    }

    public sealed class ChangeReportStep
    {
        public int Index { get; set; }
        public string KbStep { get; set; } = string.Empty;
        public string Action { get; set; } = string.Empty;
        public string Target { get; set; } = string.Empty;
        public string Gate { get; set; } = string.Empty;

        /// <summary>Planned for a plan; the step's result for a run (Done, AlreadyDone, Failed, Interrupted, NotRun).</summary>
        public string Outcome { get; set; } = string.Empty;

        /// <summary>Expected (plan) or measured (run) seconds.</summary>
        public double Seconds { get; set; }

        public double ExpectedOutageSeconds { get; set; }
        public string? Message { get; set; }
    }
}
