using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>
    /// The report as Markdown (for a ticket or a wiki): the same figures and tables as the HTML form; the
    /// timeline as tables of outage windows and of updates and restarts, since Markdown carries no picture.
    /// </summary>
    public static class MarkdownChangeReport
    {
        public static string Write(ChangeReport report)
        {
            var md = new StringBuilder();
            md.Append($"# {Inline(report.Title)}\n\nWritten {HtmlChangeReport.Time(report.CreatedAt)}; {report.Sections.Count} section(s).\n");
            foreach (var s in report.Sections)
            {
                md.Append($"\n## {Inline(s.Heading)}\n\n");
                md.Append($"- Result: **{Inline(s.Result)}**\n");
                md.Append($"- Strategy: {Inline(s.Strategy + (s.InterimMode is null ? string.Empty : $" (interim {s.InterimMode})"))}\n");
                md.Append($"- {(s.Kind == "Plan" ? "Planned" : "Started")}: {HtmlChangeReport.Time(s.StartedAt)}\n");
                if (s.EndedAt is { } ended) md.Append($"- Ended: {HtmlChangeReport.Time(ended)}\n");
                md.Append($"- Expected outage: {HtmlChangeReport.Seconds(s.ExpectedOutageSeconds)}\n");
                if (s.Kind != "Plan")
                    md.Append($"- Measured outage: {(s.MeasuredOutageSeconds is { } measured ? HtmlChangeReport.Seconds(measured) : HtmlChangeReport.Seconds(s.OutageSecondsSeen) + " as the run's reads saw it")}\n");
                if (s.RejectedDeliveries is { } rejected) md.Append($"- Rejected deliveries: {rejected.ToString(CultureInfo.InvariantCulture)}\n");
                if (s.NextAction != null) md.Append($"- Next: {Inline(s.NextAction)}\n");
                Bullets(md, "Problems", s.Problems);
                Bullets(md, "Violations", s.Violations);

                Table(md, "Nodes", new[] { "Node", "Mode", "Build before", s.Kind == "Plan" ? "Build expected after" : "Build after" },
                    s.Nodes.Select(n => new[] { n.ComputerName, n.Mode, n.BuildBefore, n.BuildAfter }));
                Table(md, "Steps", new[] { "#", "KB step", "Action", "Target", "Gate", "Outcome", s.Kind == "Plan" ? "Expected s" : "Took s" },
                    s.Steps.Select(t => new[] { t.Index.ToString(CultureInfo.InvariantCulture), t.KbStep, t.Action, t.Target, t.Gate,
                        t.Outcome + (string.IsNullOrEmpty(t.Message) ? string.Empty : ": " + t.Message), MarkupText.Number(t.Seconds) }));
                Table(md, "Outage windows" + (s.Timeline.Expected ? " (expected)" : string.Empty), new[] { "From", "To", "Seconds" },
                    s.Timeline.Outages.Select(w => new[] { TimelineLayout.Clock(w.From), TimelineLayout.Clock(w.To), MarkupText.Number(w.Seconds) }));
                Table(md, "Updates and restarts", new[] { "Node", "What", "KB step", "From", "To" },
                    s.Timeline.Activities.Select(a => new[] { a.Node, a.Kind, a.KbStep, TimelineLayout.Clock(a.From), TimelineLayout.Clock(a.To) }));
            }
            return md.ToString();
        }

        private static void Bullets(StringBuilder md, string heading, IReadOnlyCollection<string> items)
        {
            if (items.Count == 0) return;
            md.Append($"\n### {heading}\n\n");
            foreach (var item in items) md.Append($"- {Inline(item)}\n");
        }

        private static void Table(StringBuilder md, string heading, IReadOnlyList<string> header, IEnumerable<string[]> rows)
        {
            var list = rows.ToList();
            md.Append($"\n### {heading}\n\n");
            if (list.Count == 0)
            {
                md.Append("None.\n");
                return;
            }
            md.Append("| ").Append(string.Join(" | ", header.Select(Cell))).Append(" |\n|").Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
            foreach (var row in list) md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
        }

        /// <summary>A table cell: pipes escaped, line breaks as spaces, markup characters escaped so cluster text cannot format the page.</summary>
        private static string Cell(string? text) => Inline(text).Replace("|", "\\|");

        private static string Inline(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var builder = new StringBuilder();
            foreach (var c in text!.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' '))
            {
                if ("\\`*_[]<>#".IndexOf(c) >= 0) builder.Append('\\');
                builder.Append(c);
            }
            return builder.ToString();
        }
    }
}
