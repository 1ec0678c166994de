using System.Collections.Generic;

namespace EmailGateway.Lab.State
{
    // The saved form of a whole lab. Times are ticks of lab time (since the lab's start) so they round-trip exactly.
    internal sealed class LabStateDocument
    {
        public int Format { get; set; } = 1;
        public string Name { get; set; } = string.Empty;
        public string? Segment { get; set; }
        public string Start { get; set; } = string.Empty;
        public string? VirtualIp { get; set; }
        public string MailPerSecond { get; set; } = "1";
        public TimingsState Timings { get; set; } = new TimingsState();
        public long Elapsed { get; set; }
        public long NextPush { get; set; }
        public string? UploadRoot { get; set; }
        public Dictionary<string, string> Annotations { get; set; } = new Dictionary<string, string>();
        public Dictionary<int, string> SegmentMembers { get; set; } = new Dictionary<int, string>();
        public MailState Mail { get; set; } = new MailState();
        public List<NodeState> Nodes { get; set; } = new List<NodeState>();
        public List<ViolationState> Violations { get; set; } = new List<ViolationState>();
        public List<TimelineState> Timeline { get; set; } = new List<TimelineState>();
    }

    internal sealed class TimingsState
    {
        public long Update { get; set; }
        public long Restart { get; set; }
        public long VrrpTakeover { get; set; }
        public long ConfigPush { get; set; }
        public long QueueHold { get; set; }
    }

    internal sealed class MailState
    {
        public long Arrivals { get; set; }
        public long Outage { get; set; }

        public List<OutageWindowState> OutageWindows { get; set; } = new List<OutageWindowState>();
        public long Deferred { get; set; }
        public long Delivered { get; set; }
        public long Rejected { get; set; }
        public long Stranded { get; set; }
    }

    internal sealed class NodeState
    {
        public string Name { get; set; } = string.Empty;
        public string Hostname { get; set; } = string.Empty;
        public string Product { get; set; } = string.Empty;
        public string Build { get; set; } = string.Empty;
        public string Mode { get; set; } = string.Empty;
        public int ClusterId { get; set; }
        public string? VirtualIp { get; set; }
        public bool Scanning { get; set; }
        public string Network { get; set; } = string.Empty;
        public string? Address { get; set; }
        public string ConfiguredHelo { get; set; } = string.Empty;
        public int Revision { get; set; }
        public string Sync { get; set; } = string.Empty;
        public string Power { get; set; } = string.Empty;
        public string? BootReason { get; set; }
        public long? BootDue { get; set; }
        public string? BootTarget { get; set; }
        public List<long> Queue { get; set; } = new List<long>();
        public long? VipClaimSince { get; set; }
        public bool VrrpActive { get; set; }
        public long ActiveSince { get; set; }
        public bool WasUp { get; set; }
        public bool RejectionNoted { get; set; }
        public FaultState Faults { get; set; } = new FaultState();
        /// <summary>In-memory uploads: remote path to base64 content.</summary>
        public Dictionary<string, string> Uploads { get; set; } = new Dictionary<string, string>();
    }

    internal sealed class FaultState
    {
        public bool UpdateFails { get; set; }
        public bool UpdateNeverReturns { get; set; }
        public int FailingCommands { get; set; }
        public bool CorruptUpload { get; set; }
        public bool Unreachable { get; set; }
    }

    internal sealed class ViolationState
    {
        public string Name { get; set; } = string.Empty;
        public List<string> Nodes { get; set; } = new List<string>();
        public string Detail { get; set; } = string.Empty;
        public long From { get; set; }
        public long? To { get; set; }
    }

    /// <summary>A period without service, as offsets from the lab's start in ticks.</summary>
    internal sealed class OutageWindowState
    {
        public long From { get; set; }
        public long To { get; set; }
    }

    internal sealed class TimelineState
    {
        public long Time { get; set; }
        public string Text { get; set; } = string.Empty;
    }
}
