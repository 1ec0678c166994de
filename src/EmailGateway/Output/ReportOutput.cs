using System;
using System.Collections.Generic;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Output
{
    /// <summary>An upgrade run's report as Invoke-GatewayClusterUpgrade writes it: the result of the run and of each step by name.</summary>
    public sealed class ReportOutput
    {
        private readonly UpgradeReport _report;

        internal ReportOutput(UpgradeReport report)
        {
            _report = report ?? throw new ArgumentNullException(nameof(report));
            Steps = OutputText.Each(report.Steps, s => new StepRecordOutput(s));
            Rehearsal = report.Rehearsal is null ? null : new ReportOutput(report.Rehearsal);
        }

        public string Strategy => _report.Strategy;
        public string? InterimMode => _report.InterimMode;
        /// <summary>The network segment of the cluster; empty for the default segment.</summary>
        public string Segment => _report.Segment;
        public int ClusterId => _report.ClusterId;
        public string TargetBuild => _report.TargetBuild;
        public string Result => OutputText.Name(_report.Result);
        public bool Succeeded => _report.Succeeded;
        public bool Resumed => _report.Resumed;
        public int StartedAtStep => _report.StartedAtStep;
        public IReadOnlyDictionary<string, string> BuildsBefore => _report.BuildsBefore;
        public IReadOnlyDictionary<string, string> BuildsAfter => _report.BuildsAfter;
        public IReadOnlyList<StepRecordOutput> Steps { get; }
        public DateTimeOffset StartedAt => _report.StartedAt;
        public DateTimeOffset EndedAt => _report.EndedAt;
        public double DurationSeconds => _report.DurationSeconds;
        public double WallSeconds => _report.WallSeconds;
        public double? OutageSeconds => _report.OutageSeconds;
        public long? RejectedDeliveries => _report.RejectedDeliveries;
        public ServiceFigures? Lab => _report.Lab;
        public IReadOnlyList<ViolationRecord> Violations => _report.Violations;
        public IReadOnlyList<ViolationRecord> PreexistingViolations => _report.PreexistingViolations;
        public int? FailedStep => _report.FailedStep;
        public string? FailedNode => _report.FailedNode;
        public string? Error => _report.Error;
        public string? NextAction => _report.NextAction;
        public string? JournalPath => _report.JournalPath;
        public ReportOutput? Rehearsal { get; }

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public double? Outage => OutageSeconds;
        public long? Rejected => RejectedDeliveries;
        public double Duration => DurationSeconds;

        /// <summary>The typed report.</summary>
        public UpgradeReport GetReport() => _report;

        public static implicit operator UpgradeReport(ReportOutput output) => output._report;

        public override string ToString() => _report.ToString();
    }

    /// <summary>What happened to one step of a run.</summary>
    public sealed class StepRecordOutput
    {
        private readonly StepRecord _record;

        internal StepRecordOutput(StepRecord record) => _record = record ?? throw new ArgumentNullException(nameof(record));

        public int Index => _record.Index;
        public string KbStep => _record.KbStep;
        public string Action => _record.Action;
        public string Target => _record.Target;
        public string Result => OutputText.Name(_record.Result);
        public int Attempts => _record.Attempts;
        public DateTimeOffset? StartedAt => _record.StartedAt;
        public DateTimeOffset? EndedAt => _record.EndedAt;
        public double DurationSeconds => _record.DurationSeconds;
        public double WallSeconds => _record.WallSeconds;
        public string? Message => _record.Message;

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public double Duration => DurationSeconds;

        public override string ToString() => _record.ToString();
    }
}
