using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>
    /// The report as one self-contained HTML file: styles inline, the timelines as inline SVG, no scripts and
    /// nothing fetched from elsewhere, so it reads offline and prints (a print stylesheet keeps sections and
    /// tables from breaking badly). Every text from the cluster is encoded.
    /// </summary>
    public static class HtmlChangeReport
    {
        private const string Style =
            "body{font:14px/1.45 system-ui,sans-serif;color:#1d1d1d;margin:24px auto;max-width:1240px;padding:0 16px}" +
            "h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #2b7bb9;padding-bottom:3px}" +
            "h3{font-size:15px;margin:16px 0 6px}table{border-collapse:collapse;width:100%;margin:6px 0 12px}" +
            "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eef3f8}" +
            "td.num{text-align:right;white-space:nowrap}.meta{color:#555}dl.figures{display:grid;grid-template-columns:max-content auto;gap:2px 14px}" +
            "dt{font-weight:600}.Succeeded,.Done,.Runnable{color:#1a7f37}.Failed,.NotRunnable,.Refused{color:#b42318}.Stopped,.Interrupted{color:#9a6700}" +
            "figure{margin:8px 0}figcaption{color:#555;font-size:12px}.gate{font-size:12px;color:#444}" +
            "@media print{body{margin:0;max-width:none;font-size:11px}section{break-inside:auto}h2{break-after:avoid}" +
            "tr,figure{break-inside:avoid}a{color:inherit;text-decoration:none}}";

        public static string Write(ChangeReport report)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            html.Append($"<title>{E(report.Title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n");
            html.Append($"<header><h1>{E(report.Title)}</h1><p class=\"meta\">Written {E(Time(report.CreatedAt))}; {report.Sections.Count} section(s).</p></header>\n");
            foreach (var section in report.Sections) Section(html, section);
            html.Append("</body>\n</html>\n");
            return html.ToString();
        }

        private static void Section(StringBuilder html, ChangeReportSection s)
        {
            html.Append($"<section class=\"{E(s.Kind.ToLowerInvariant())}\">\n<h2>{E(s.Heading)}</h2>\n<dl class=\"figures\">");
            Figure(html, "Result", $"<span class=\"{E(s.Result)}\">{E(s.Result)}</span>");
            Figure(html, "Strategy", E(s.Strategy + (s.InterimMode is null ? string.Empty : $" (interim {s.InterimMode})")));
            Figure(html, "Builds", E($"{s.SourceBuild ?? string.Join(" | ", s.Nodes.Select(n => n.BuildBefore).Distinct())} to {s.TargetBuild}"));
            Figure(html, s.Kind == "Plan" ? "Planned" : "Started", E(Time(s.StartedAt)));
            if (s.EndedAt is { } ended) Figure(html, "Ended", E(Time(ended)));
            Figure(html, "Expected outage", E(Seconds(s.ExpectedOutageSeconds)));
            if (s.Kind != "Plan")
                Figure(html, "Measured outage", E(s.MeasuredOutageSeconds is { } measured ? Seconds(measured) : $"{Seconds(s.OutageSecondsSeen)} as the run's reads saw it"));
            if (s.RejectedDeliveries is { } rejected) Figure(html, "Rejected deliveries", E(rejected.ToString(CultureInfo.InvariantCulture)));
            if (s.NextAction != null) Figure(html, "Next", E(s.NextAction));
            html.Append("</dl>\n");
            List(html, "Problems", s.Problems);
            List(html, "Violations", s.Violations);

            html.Append("<h3>Nodes</h3>\n<table><thead><tr><th>Node</th><th>Mode</th><th>Build before</th><th>")
                .Append(s.Kind == "Plan" ? "Build expected after" : "Build after").Append("</th></tr></thead><tbody>\n");
            foreach (var n in s.Nodes) html.Append($"<tr><td>{E(n.ComputerName)}</td><td>{E(n.Mode)}</td><td>{E(n.BuildBefore)}</td><td>{E(n.BuildAfter)}</td></tr>\n");
            html.Append("</tbody></table>\n");

            html.Append("<h3>Timeline</h3>\n");
            if (s.Timeline.IsEmpty) html.Append("<p class=\"meta\">No timeline: nothing ran.</p>\n");
            else
                html.Append("<figure>").Append(SvgTimeline.Write(s.Timeline)).Append("<figcaption>")
                    .Append(E(s.Timeline.Expected
                        ? $"Expected: steps back to back at their expected durations from {Time(s.Timeline.Start)}."
                        : $"As read by the run from {Time(s.Timeline.Start)}: node states at each read (step starts and gate polls); outage windows {(s.MeasuredOutageSeconds is null ? "from the reads" : "as the lab recorded them")}."))
                    .Append("</figcaption></figure>\n");

            html.Append("<h3>Steps</h3>\n<table><thead><tr><th>#</th><th>KB step</th><th>Action</th><th>Target</th><th>Gate</th><th>Outcome</th><th>")
                .Append(s.Kind == "Plan" ? "Expected s</th><th>Expected outage s" : "Took s").Append("</th></tr></thead><tbody>\n");
            foreach (var step in s.Steps)
            {
                html.Append($"<tr><td class=\"num\">{step.Index}</td><td>{E(step.KbStep)}</td><td>{E(step.Action)}</td><td>{E(step.Target)}</td><td class=\"gate\">{E(step.Gate)}</td>");
                html.Append($"<td><span class=\"{E(step.Outcome)}\">{E(step.Outcome)}</span>{(string.IsNullOrEmpty(step.Message) ? string.Empty : "<br><span class=\"gate\">" + E(step.Message) + "</span>")}</td>");
                html.Append($"<td class=\"num\">{E(MarkupText.Number(step.Seconds))}</td>");
                if (s.Kind == "Plan") html.Append($"<td class=\"num\">{E(MarkupText.Number(step.ExpectedOutageSeconds))}</td>");
                html.Append("</tr>\n");
            }
            html.Append("</tbody></table>\n</section>\n");
        }

        private static void Figure(StringBuilder html, string name, string encodedValue) => html.Append($"<dt>{E(name)}</dt><dd>{encodedValue}</dd>");

        private static void List(StringBuilder html, string heading, IReadOnlyCollection<string> items)
        {
            if (items.Count == 0) return;
            html.Append($"<h3>{E(heading)}</h3>\n<ul>");
            foreach (var item in items) html.Append($"<li>{E(item)}</li>");
            html.Append("</ul>\n");
        }

        internal static string Time(System.DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

        internal static string Seconds(double seconds) => MarkupText.Number(seconds) + " s";

        private static string E(string? text) => MarkupText.Encode(text);
    }
}
