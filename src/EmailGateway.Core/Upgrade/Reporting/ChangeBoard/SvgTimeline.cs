using System.Linq;
using System.Text;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>
    /// Writes a timeline as an inline SVG element with its own styles: lanes, the virtual IP band,
    /// updates and restarts, outage windows, a time axis and a legend. Every text is encoded; every
    /// rectangle carries a title (a tooltip in browsers, read by screen readers).
    /// </summary>
    public static class SvgTimeline
    {
        public static string Write(UpgradeTimeline timeline, double width = 1200)
        {
            var layout = new TimelineLayout(timeline, width);
            var svg = new StringBuilder();
            var caption = timeline.Expected ? "Expected timeline (from the plan)" : "Timeline as the run read it";
            svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" role=\"img\" viewBox=\"0 0 {N(layout.Width)} {N(layout.Height)}\" width=\"100%\" aria-label=\"{MarkupText.Encode(caption)}\">");
            svg.Append($"<title>{MarkupText.Encode(caption)}, starting {timeline.Start:yyyy-MM-dd HH:mm:ss zzz}</title>");
            svg.Append("<style>.online{fill:#cfe8cf}.offline{fill:#d9d9d9}.vip{fill:#2b7bb9}.update{fill:#e8a33d}.restart{fill:#8e5bb5}" +
                       ".outage{fill:#d62728;fill-opacity:.22;stroke:#d62728;stroke-width:.8}.axis{stroke:#999;stroke-width:.6}" +
                       "text{font:11px sans-serif;fill:#222}.lane{font-weight:bold}</style>");

            foreach (var (x, label) in layout.Ticks())
            {
                svg.Append($"<line class=\"axis\" x1=\"{N(x)}\" y1=\"{N(layout.LanesTop - 4)}\" x2=\"{N(x)}\" y2=\"{N(layout.LanesBottom)}\"/>");
                svg.Append($"<text x=\"{N(x)}\" y=\"{N(layout.LanesTop - 8)}\" text-anchor=\"middle\">{MarkupText.Encode(label)}</text>");
            }
            foreach (var node in timeline.Nodes)
                svg.Append($"<text class=\"lane\" x=\"4\" y=\"{N(layout.LaneTop(node) + TimelineLayout.LaneHeight / 2 + 4)}\">{MarkupText.Encode(node)}</text>");

            var boxes = layout.States().Concat(layout.VirtualIp()).Concat(layout.Activities()).Concat(layout.Outages());
            foreach (var box in boxes)
                svg.Append($"<rect class=\"{box.Kind}\" x=\"{N(box.X)}\" y=\"{N(box.Y)}\" width=\"{N(box.Width)}\" height=\"{N(box.Height)}\"><title>{MarkupText.Encode(box.Title)}</title></rect>");

            var legendY = layout.LanesBottom + 12;
            var legendX = TimelineLayout.LabelWidth;
            foreach (var (kind, text) in new[] { ("online", "online"), ("offline", "offline"), ("vip", "serves the virtual IP"), ("update", "update"), ("restart", "restart"), ("outage", "outage") })
            {
                svg.Append($"<rect class=\"{kind}\" x=\"{N(legendX)}\" y=\"{N(legendY)}\" width=\"14\" height=\"10\"/>");
                svg.Append($"<text x=\"{N(legendX + 18)}\" y=\"{N(legendY + 9)}\">{MarkupText.Encode(text)}</text>");
                legendX += 40 + text.Length * 6.2;
            }
            svg.Append("</svg>");
            return svg.ToString();
        }

        private static string N(double value) => MarkupText.Number(value);
    }
}
