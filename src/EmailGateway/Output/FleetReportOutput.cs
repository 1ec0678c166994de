using System;
using System.Collections.Generic;
using EmailGateway.Upgrade.Fleet;

namespace EmailGateway.Output
{
    /// <summary>
    /// A rollout's summary as Invoke-GatewayClusterUpgrade writes it over several clusters: the result and the
    /// states by name, the counts, the mail account and the window, and one line per cluster with its own report.
    /// </summary>
    public sealed class FleetReportOutput
    {
        private readonly FleetReport _report;

        internal FleetReportOutput(FleetReport report)
        {
            _report = report ?? throw new ArgumentNullException(nameof(report));
            Clusters = OutputText.Each(report.Clusters, c => new FleetClusterOutput(c));
        }

        public string Result => OutputText.Name(_report.Result);
        public bool Succeeded => _report.Succeeded;
        public string TargetBuild => _report.TargetBuild;
        public string Strategy => _report.Strategy;
        public int ClusterThrottleLimit => _report.ClusterThrottleLimit;
        public int CanaryCount => _report.CanaryCount;
        public int MaxFailedClusters => _report.MaxFailedClusters;
        public bool Resumed => _report.Resumed;
        public int Total => _report.Total;
        public int Upgraded => _report.Upgraded;
        public int Current => _report.Current;
        public int Skipped => _report.Skipped;
        public int Failed => _report.Failed;
        public int Stopped => _report.Stopped;
        public int NotStarted => _report.NotStarted;

        /// <summary>Seconds nobody served a virtual IP, summed over the clusters (a lab's account; empty on real clusters).</summary>
        public double? OutageSeconds => _report.OutageSeconds;

        /// <summary>Deliveries refused for a bad greeting, summed over the clusters (a lab's account; empty on real clusters).</summary>
        public long? RejectedDeliveries => _report.RejectedDeliveries;

        /// <summary>The maintenance window on the clusters' own clocks, as the waves laid the runs out.</summary>
        public double WindowSeconds => _report.WindowSeconds;

        public DateTimeOffset StartedAt => _report.StartedAt;
        public DateTimeOffset EndedAt => _report.EndedAt;
        public double WallSeconds => _report.WallSeconds;
        public string? HaltReason => _report.HaltReason;
        public string? NextAction => _report.NextAction;
        public IReadOnlyList<FleetClusterOutput> Clusters { get; }

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public double? Outage => OutageSeconds;
        public long? Rejected => RejectedDeliveries;
        public double Window => WindowSeconds;

        /// <summary>The typed summary.</summary>
        public FleetReport GetReport() => _report;

        public static implicit operator FleetReport(FleetReportOutput output) => output._report;

        public override string ToString() => _report.ToString();
    }

    /// <summary>One cluster's line of a rollout's summary: what became of it, why, and its own report when it ran.</summary>
    public sealed class FleetClusterOutput
    {
        private readonly FleetClusterResult _result;

        internal FleetClusterOutput(FleetClusterResult result)
        {
            _result = result ?? throw new ArgumentNullException(nameof(result));
            Report = result.Report is null ? null : new ReportOutput(result.Report);
        }

        /// <summary>The cluster's network segment; empty for the default segment.</summary>
        public string Segment => _result.Segment;

        public int ClusterId => _result.ClusterId;

        /// <summary>The cluster as the errors and messages name it.</summary>
        public string Cluster => _result.Cluster.ToString();

        public string State => OutputText.Name(_result.State);
        public bool Canary => _result.Canary;
        public int Order => _result.Order;
        public string? Reason => _result.Reason;
        public string? ReasonId => _result.ReasonId;
        public double? OutageSeconds => _result.OutageSeconds;
        public long? RejectedDeliveries => _result.RejectedDeliveries;
        public double DurationSeconds => _result.DurationSeconds;

        /// <summary>Where its journal is, to continue it with -Resume.</summary>
        public string? JournalPath => _result.Report?.JournalPath;

        public ReportOutput? Report { get; }

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public double? Outage => OutageSeconds;
        public long? Rejected => RejectedDeliveries;
        public double Duration => DurationSeconds;

        /// <summary>The typed line.</summary>
        public FleetClusterResult GetResult() => _result;

        public override string ToString() => _result.ToString();
    }
}
