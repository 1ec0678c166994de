using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>
    /// Where each part of a timeline goes in a picture <see cref="Width"/> units wide: one lane per node
    /// (its network state as the lane's colour, the virtual IP as a band across its top, updates and restarts
    /// as bars along its bottom), outage windows across all lanes, and a time axis with round ticks.
    /// </summary>
    public sealed class TimelineLayout
    {
        public const double LabelWidth = 110;
        public const double RightMargin = 24;
        public const double AxisHeight = 26;
        public const double LaneHeight = 34;
        public const double LaneGap = 6;
        public const double LegendHeight = 30;

        /// <summary>Spans shorter than this are widened to it so they stay visible.</summary>
        public const double MinimumWidth = 1.5;

        private static readonly double[] TickSteps = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400 };

        public TimelineLayout(UpgradeTimeline timeline, double width = 1200, int maximumTicks = 10)
        {
            if (width < LabelWidth + RightMargin + 100) throw new ArgumentOutOfRangeException(nameof(width), width, "The timeline needs at least 234 units of width.");
            Timeline = timeline ?? throw new ArgumentNullException(nameof(timeline));
            Width = width;
            PlotLeft = LabelWidth;
            PlotWidth = width - LabelWidth - RightMargin;
            LanesTop = AxisHeight;
            LanesBottom = LanesTop + timeline.Nodes.Count * (LaneHeight + LaneGap);
            Height = LanesBottom + LegendHeight;
            TickStep = ChooseTickStep(timeline.Seconds, maximumTicks);
        }

        public UpgradeTimeline Timeline { get; }
        public double Width { get; }
        public double Height { get; }
        public double PlotLeft { get; }
        public double PlotWidth { get; }
        public double LanesTop { get; }
        public double LanesBottom { get; }
        public double TickStep { get; }

        public double X(double seconds) => PlotLeft + (Timeline.Seconds <= 0 ? 0 : Math.Max(0, Math.Min(seconds, Timeline.Seconds)) / Timeline.Seconds * PlotWidth);

        public double LaneTop(string node)
        {
            var index = Timeline.Nodes.FindIndex(n => string.Equals(n, node, StringComparison.OrdinalIgnoreCase));
            if (index < 0) throw new ArgumentException($"The timeline has no lane for '{node}'.", nameof(node));
            return LanesTop + index * (LaneHeight + LaneGap) + LaneGap / 2;
        }

        public IEnumerable<Box> States() =>
            Timeline.States.Where(s => Timeline.Nodes.Contains(s.Node, StringComparer.OrdinalIgnoreCase))
                .Select(s => Bar(s.From, s.To, LaneTop(s.Node), LaneHeight, s.Network == "Online" ? "online" : "offline",
                    $"{s.Node}: {s.Network.ToLowerInvariant()} {Span(s.From, s.To)}"));

        /// <summary>The virtual IP band: the top third of the lane of the node that served it.</summary>
        public IEnumerable<Box> VirtualIp() =>
            Timeline.States.Where(s => s.ServesVirtualIp && Timeline.Nodes.Contains(s.Node, StringComparer.OrdinalIgnoreCase))
                .Select(s => Bar(s.From, s.To, LaneTop(s.Node), LaneHeight / 3, "vip", $"{s.Node} serves the virtual IP {Span(s.From, s.To)}"));

        /// <summary>Updates and restarts: the bottom third of the node's lane.</summary>
        public IEnumerable<Box> Activities() =>
            Timeline.Activities.Where(a => Timeline.Nodes.Contains(a.Node, StringComparer.OrdinalIgnoreCase))
                .Select(a => Bar(a.From, a.To, LaneTop(a.Node) + LaneHeight * 2 / 3, LaneHeight / 3, a.Kind.ToLowerInvariant(),
                    $"{a.Node}: {a.Kind.ToLowerInvariant()} [{a.KbStep}] {Span(a.From, a.To)}"));

        /// <summary>Outage windows, across every lane.</summary>
        public IEnumerable<Box> Outages() =>
            Timeline.Outages.Select(w => Bar(w.From, w.To, LanesTop, LanesBottom - LanesTop, "outage", $"outage {Span(w.From, w.To)}"));

        /// <summary>The axis ticks: every <see cref="TickStep"/> seconds from 0 to the end.</summary>
        public IEnumerable<(double X, string Label)> Ticks()
        {
            if (Timeline.Seconds <= 0) yield break;
            for (var t = 0.0; t <= Timeline.Seconds + 1e-9; t += TickStep) yield return (X(t), Clock(t));
        }

        /// <summary>The smallest round step that gives at most <paramref name="maximumTicks"/> intervals.</summary>
        public static double ChooseTickStep(double seconds, int maximumTicks)
        {
            if (maximumTicks < 1) throw new ArgumentOutOfRangeException(nameof(maximumTicks), maximumTicks, "At least one tick.");
            foreach (var step in TickSteps)
                if (seconds / step <= maximumTicks) return step;
            return Math.Ceiling(seconds / maximumTicks / 86400) * 86400;
        }

        /// <summary>Seconds from the start as +m:ss, or +h:mm:ss from an hour on.</summary>
        public static string Clock(double seconds)
        {
            var span = TimeSpan.FromSeconds(Math.Round(seconds));
            return span.TotalHours >= 1
                ? "+" + ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + span.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
                : "+" + ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + span.ToString(@"\:ss", CultureInfo.InvariantCulture);
        }

        private static string Span(double from, double to) => $"{Clock(from)} to {Clock(to)} ({(to - from).ToString("0.#", CultureInfo.InvariantCulture)} s)";

        private Box Bar(double from, double to, double y, double height, string kind, string title)
        {
            var x = X(from);
            return new Box(kind, x, y, Math.Max(MinimumWidth, X(to) - x), height, title);
        }
    }

    /// <summary>One rectangle of a timeline picture: its kind (a style class), place, size and tooltip.</summary>
    public readonly struct Box
    {
        public Box(string kind, double x, double y, double width, double height, string title)
        {
            Kind = kind;
            X = x;
            Y = y;
            Width = width;
            Height = height;
            Title = title;
        }

        public string Kind { get; }
        public double X { get; }
        public double Y { get; }
        public double Width { get; }
        public double Height { get; }
        public string Title { get; }
    }
}
