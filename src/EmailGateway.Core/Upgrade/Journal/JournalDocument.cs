using System.Collections.Generic;

namespace EmailGateway.Upgrade.Journal
{
    // The journal file's shape (YAML). Plain settable properties so the serializer can round-trip them.

    public sealed class JournalDocument
    {
        /// <summary>Format 2 added the plan's step count and digest.</summary>
        public const int CurrentFormat = 2;

        public int Format { get; set; } = CurrentFormat;

        /// <summary>How many steps the plan has, and the SHA-256 of the plan (<see cref="JournalIntegrity"/>), written when the run starts.</summary>
        public int? PlanSteps { get; set; }
        public string? PlanDigest { get; set; }
        public string State { get; set; } = "Planned";
        public string? Runner { get; set; }
        public string CreatedAt { get; set; } = string.Empty;
        public string UpdatedAt { get; set; } = string.Empty;
        public int ClusterId { get; set; }

        /// <summary>The cluster's network segment; absent (null) for the default segment.</summary>
        public string? Segment { get; set; }
        public string Strategy { get; set; } = string.Empty;
        public string InterimMode { get; set; } = string.Empty;
        public string Product { get; set; } = string.Empty;
        public string TargetBuild { get; set; } = string.Empty;
        public string? SourceBuild { get; set; }
        public string? PackagePath { get; set; }
        public string? PackageSha256 { get; set; }
        public string? Master { get; set; }
        public string? Failover { get; set; }
        public List<string> Scanners { get; set; } = new List<string>();
        public int ScannerBatchSize { get; set; }
        public bool RepairsInterim { get; set; }
        public string? VirtualIp { get; set; }
        public List<JournalNode> Nodes { get; set; } = new List<JournalNode>();
        public List<JournalStep> Steps { get; set; } = new List<JournalStep>();
        public List<JournalEntry> Entries { get; set; } = new List<JournalEntry>();
        public string? LastError { get; set; }
        public string? NextAction { get; set; }

        /// <summary>A shallow copy whose plan nodes and steps are empty lists, for writing those apart.</summary>
        internal JournalDocument WithoutNodesAndSteps()
        {
            var outline = (JournalDocument)MemberwiseClone();
            outline.Nodes = new List<JournalNode>();
            outline.Steps = new List<JournalStep>();
            return outline;
        }

        /// <summary>A copy without what a run changes (state, history, errors) nor the integrity fields: what the plan digest covers.</summary>
        public JournalDocument PlanOnly()
        {
            var plan = (JournalDocument)MemberwiseClone();
            plan.State = string.Empty;
            plan.Runner = null;
            plan.UpdatedAt = string.Empty;
            plan.Entries = new List<JournalEntry>();
            plan.LastError = null;
            plan.NextAction = null;
            plan.PlanSteps = null;
            plan.PlanDigest = null;
            return plan;
        }
    }

    public sealed class JournalNode
    {
        public string Name { get; set; } = string.Empty;
        public string Hostname { get; set; } = string.Empty;
        public string Product { get; set; } = string.Empty;
        public string Build { get; set; } = string.Empty;
        public string Mode { get; set; } = string.Empty;
        public int ClusterId { get; set; }
        public string? VirtualIp { get; set; }
        public string Network { get; set; } = string.Empty;
        public string? Address { get; set; }
        public string Helo { get; set; } = string.Empty;
        public string Sync { get; set; } = string.Empty;
        public int Revision { get; set; }
    }

    public sealed class JournalStep
    {
        public int Index { get; set; }
        public string KbStep { get; set; } = string.Empty;
        public string Action { get; set; } = string.Empty;
        public List<string> Targets { get; set; } = new List<string>();
        public string? Mode { get; set; }
        public string? VirtualIp { get; set; }
        public string? Address { get; set; }
        public string? Greeting { get; set; }
        public string? Build { get; set; }
        public string? Release { get; set; }
        public bool DrainFirst { get; set; }
        public int Batch { get; set; }
        public double ExpectedOutageSeconds { get; set; }
        public double ExpectedDurationSeconds { get; set; }
        public string Description { get; set; } = string.Empty;
        public string? Note { get; set; }
        public string? VirtualIpHolder { get; set; }
        public List<JournalExpectation> Gate { get; set; } = new List<JournalExpectation>();
        public List<JournalExpectation> ExpectedAfter { get; set; } = new List<JournalExpectation>();
    }

    public sealed class JournalExpectation
    {
        public string Name { get; set; } = string.Empty;
        public string? Network { get; set; }
        public string? Mode { get; set; }
        public string? Build { get; set; }
        public int? ClusterId { get; set; }
        public string? Address { get; set; }
        public string? VirtualIp { get; set; }
        public string? Helo { get; set; }
        public string? Sync { get; set; }
    }

    /// <summary>One line of the run's history: a step started, finished, failed or was interrupted.</summary>
    public sealed class JournalEntry
    {
        public string At { get; set; } = string.Empty;
        public int Step { get; set; }
        public string Event { get; set; } = string.Empty;
        public int Attempt { get; set; }
        public string? Message { get; set; }
    }
}
