using System;
using System.Collections.Generic;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>
    /// Per node over time: its network state, whether it served the virtual IP, its updates and restarts,
    /// and the cluster's outage windows. Times are seconds from <see cref="Start"/>. Drawn from a plan's
    /// expectations or from what a run read.
    /// </summary>
    public sealed class UpgradeTimeline
    {
        /// <summary>True when drawn from a plan (what should happen), false when from a run (what was read).</summary>
        public bool Expected { get; set; }

        /// <summary>On the cluster's clock (virtual time on a lab); for a plan, when it was made.</summary>
        public DateTimeOffset Start { get; set; }

        public double Seconds { get; set; }

        /// <summary>The lanes, top to bottom: master, failover, scanners, others, each by name.</summary>
        public List<string> Nodes { get; set; } = new List<string>();

        public List<TimelineSpan> States { get; set; } = new List<TimelineSpan>();
        public List<TimelineActivity> Activities { get; set; } = new List<TimelineActivity>();
        public List<TimelineWindow> Outages { get; set; } = new List<TimelineWindow>();

        public bool IsEmpty => Nodes.Count == 0 || Seconds <= 0;
    }

    /// <summary>A period during which one node kept one state.</summary>
    public sealed class TimelineSpan
    {
        public string Node { get; set; } = string.Empty;
        public double From { get; set; }
        public double To { get; set; }

        /// <summary>Online or Offline.</summary>
        public string Network { get; set; } = string.Empty;

        public bool ServesVirtualIp { get; set; }
    }

    /// <summary>An update or restart of one node.</summary>
    public sealed class TimelineActivity
    {
        public string Node { get; set; } = string.Empty;
        public double From { get; set; }
        public double To { get; set; }

        /// <summary>Update or Restart.</summary>
        public string Kind { get; set; } = string.Empty;

        /// <summary>The KB step it belongs to.</summary>
        public string KbStep { get; set; } = string.Empty;
    }

    /// <summary>A period during which nobody served the virtual IP.</summary>
    public sealed class TimelineWindow
    {
        public double From { get; set; }
        public double To { get; set; }
        public double Seconds => Math.Round(To - From, 3);
    }
}
