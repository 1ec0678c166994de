using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using EmailGateway.Lab.Description;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Upgrade.Reporting.ChangeBoard;
using Xunit;

namespace EmailGateway.Tests.Upgrade.ChangeBoard
{
    public class ChangeReportTests
    {
        private static readonly DateTimeOffset Written = new DateTimeOffset(2026, 1, 6, 9, 0, 0, TimeSpan.Zero);

        [Fact]
        public async Task A_run_with_its_rehearsal_gives_two_sections_with_builds_steps_gates_and_outage()
        {
            var run = await RehearsedRun();
            var report = ChangeReportBuilder.Build(new object[] { run }, Written);

            Assert.Equal(new[] { "Run", "Rehearsal" }, report.Sections.Select(s => s.Kind));
            var section = report.Sections[0];
            Assert.Equal("Succeeded", section.Result);
            Assert.Equal(new[] { "meg1", "meg2", "meg3", "meg4" }, section.Nodes.Select(n => n.ComputerName));
            Assert.Equal("7.6.4 P3", section.Nodes[0].BuildBefore);
            Assert.All(section.Nodes, n => Assert.Equal(LabPresets.NextBuild, n.BuildAfter));
            Assert.Equal("Master", section.Nodes[0].Mode);
            Assert.Equal(run.Steps.Count, section.Steps.Count);
            Assert.All(section.Steps, s => Assert.False(string.IsNullOrEmpty(s.Gate)));
            Assert.Equal("B.1", section.Steps[0].KbStep);
            Assert.Equal(run.OutageSeconds, section.MeasuredOutageSeconds);
            Assert.Equal(run.ExpectedOutageSeconds, section.ExpectedOutageSeconds);
            Assert.Equal(0, section.RejectedDeliveries);
        }

        [Fact]
        public void A_plan_section_says_what_is_expected()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            var section = Assert.Single(ChangeReportBuilder.Build(new object[] { plan }, Written).Sections);

            Assert.Equal("Plan", section.Kind);
            Assert.Equal("Runnable", section.Result);
            Assert.Null(section.MeasuredOutageSeconds);
            Assert.Equal(plan.ExpectedOutage.TotalSeconds, section.ExpectedOutageSeconds);
            Assert.All(section.Steps, s => Assert.Equal("Planned", s.Outcome));
            Assert.All(section.Nodes, n => Assert.Equal(LabPresets.NextBuild, n.BuildAfter));
            Assert.True(section.Timeline.Expected);

            var refused = lab.Plan(UpgradeRecipe.FailoverPromotion);
            var refusedSection = Assert.Single(ChangeReportBuilder.Build(new object[] { refused }, Written).Sections);
            Assert.Equal("NotRunnable", refusedSection.Result);
            Assert.Contains(refusedSection.Problems, p => p.StartsWith("StrategySafe", StringComparison.Ordinal));
        }

        [Fact]
        public void Anything_but_plans_and_reports_is_refused()
        {
            var error = Assert.Throws<ArgumentException>(() => ChangeReportBuilder.Build(new object[] { "meg1" }, Written));
            Assert.Contains("String is neither", error.Message);
        }

        [Fact]
        public async Task The_html_is_one_self_contained_page_with_an_svg_timeline_per_section()
        {
            var html = HtmlChangeReport.Write(ChangeReportBuilder.Build(new object[] { await RehearsedRun() }, Written));

            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Equal(2, Regex.Matches(html, "<svg ").Count);
            Assert.Contains("@media print", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
            // The only address in the page is the SVG namespace name, which is never fetched.
            Assert.All(Regex.Matches(html, "https?://[^\"]*").Select(m => m.Value), a => Assert.Equal("http://www.w3.org/2000/svg", a));
            foreach (Match svg in Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline))
            {
                var element = XElement.Parse(svg.Value);
                Assert.NotEmpty(element.Descendants(XName.Get("rect", "http://www.w3.org/2000/svg")));
            }
        }

        [Fact]
        public void Text_from_the_cluster_is_encoded_in_every_format()
        {
            const string hostile = "<img src=x onerror=alert(1)>|*x*\"'&";
            var run = new UpgradeReport
            {
                Strategy = "MasterInPlace", ClusterId = 12, TargetBuild = "7.6.4 P4", Result = UpgradeResult.Failed, Error = hostile,
                StartedAt = Written, EndedAt = Written.AddSeconds(60),
            };
            run.BuildsBefore[hostile] = "7.6.4 P3";
            run.BuildsAfter[hostile] = "7.6.4 P3";
            run.Observations.Add(new NodeObservation { Time = Written, ComputerName = hostile, Mode = "Master", Network = "Online", Power = "Running", Build = "7.6.4 P3", ServesVirtualIp = true });
            run.Steps.Add(new StepRecord { Index = 1, KbStep = "A.3", Action = "Update", Target = hostile, Gate = hostile, Result = StepResult.Failed, StartedAt = Written, EndedAt = Written.AddSeconds(30), Message = hostile });
            var report = ChangeReportBuilder.Build(new object[] { run }, Written, title: hostile);

            var html = HtmlChangeReport.Write(report);
            Assert.DoesNotContain("<img", html);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;|*x*&quot;&#39;&amp;", html);
            foreach (Match svg in Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline)) XElement.Parse(svg.Value);

            var markdown = MarkdownChangeReport.Write(report);
            Assert.DoesNotMatch(@"(?<!\\)[<>]", markdown);
            Assert.Contains("\\<img src=x onerror=alert(1)\\>\\|\\*x\\*", markdown);

            var json = JsonChangeReport.Write(report);
            using var parsed = JsonDocument.Parse(json);
            Assert.Equal(hostile, parsed.RootElement.GetProperty("Title").GetString());
            Assert.DoesNotContain("<img", json);
        }

        [Fact]
        public async Task Json_names_every_field_and_writes_enums_and_times_as_text()
        {
            var json = JsonChangeReport.Write(ChangeReportBuilder.Build(new object[] { await RehearsedRun() }, Written));
            using var parsed = JsonDocument.Parse(json);
            var section = parsed.RootElement.GetProperty("Sections")[0];
            Assert.Equal("Succeeded", section.GetProperty("Result").GetString());
            Assert.Equal(JsonValueKind.Number, section.GetProperty("ExpectedOutageSeconds").ValueKind);
            Assert.Equal("2026-01-06T09:00:00.0000000+00:00", parsed.RootElement.GetProperty("CreatedAt").GetString());
            Assert.Equal("Update", section.GetProperty("Timeline").GetProperty("Activities")[0].GetProperty("Kind").GetString());
        }

        [Theory]
        [InlineData("report.html", ChangeReportFormat.Html)]
        [InlineData("report.HTM", ChangeReportFormat.Html)]
        [InlineData("report", ChangeReportFormat.Html)]
        [InlineData("report.md", ChangeReportFormat.Markdown)]
        [InlineData("report.Markdown", ChangeReportFormat.Markdown)]
        [InlineData("report.json", ChangeReportFormat.Json)]
        public void The_file_name_picks_the_format_when_none_is_given(string path, ChangeReportFormat expected) =>
            Assert.Equal(expected, ChangeReportWriter.FormatFor(path));

        private static async Task<UpgradeReport> RehearsedRun()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            using var twin = UpgradeHarness.Preset(LabPresets.KB80406);
            var rehearsal = await twin.RunAsync(twin.Plan(UpgradeRecipe.FailoverPromotion, repair: true));
            var run = await lab.RunAsync(plan);
            run.Rehearsal = rehearsal;
            return run;
        }
    }
}
