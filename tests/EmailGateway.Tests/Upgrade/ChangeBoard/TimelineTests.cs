using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EmailGateway.Lab.Description;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Upgrade.Reporting.ChangeBoard;
using Xunit;

namespace EmailGateway.Tests.Upgrade.ChangeBoard
{
    public class TimelineTests
    {
        [Fact]
        public void A_plans_timeline_lays_the_steps_end_to_end_with_its_expected_outage_and_one_server_at_a_time()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            var timeline = TimelineBuilder.FromPlan(plan);

            Assert.True(timeline.Expected);
            Assert.Equal(new[] { "meg1", "meg2", "meg3", "meg4" }, timeline.Nodes);
            Assert.Equal(plan.ExpectedDuration.TotalSeconds, timeline.Seconds, 3);
            Assert.Equal(plan.ExpectedOutage.TotalSeconds, timeline.Outages.Sum(w => w.Seconds), 3);
            AssertLanesCover(timeline);
            foreach (var window in timeline.Outages)
                Assert.DoesNotContain(timeline.States, s => s.ServesVirtualIp && s.From < window.To - 1e-9 && s.To > window.From + 1e-9);
            AssertAtMostOneServer(timeline);
            // Recipe B: meg2 serves while meg1 updates, and meg1 serves at the end.
            var meg1Update = Assert.Single(timeline.Activities, a => a.Node == "meg1" && a.Kind == "Update");
            Assert.Contains(timeline.States, s => s.Node == "meg2" && s.ServesVirtualIp && s.From <= meg1Update.From && s.To >= meg1Update.To);
            Assert.True(timeline.States.Single(s => s.Node == "meg1" && s.To == timeline.Seconds).ServesVirtualIp);
        }

        [Fact]
        public async Task A_runs_timeline_shows_what_it_read_and_the_labs_outage_windows()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            var report = await lab.RunAsync(plan);
            Assert.True(report.Succeeded, report.Error);

            Assert.Equal(report.OutageSeconds!.Value, report.OutageWindows.Sum(w => w.Seconds), 3);
            Assert.NotEmpty(report.OutageWindows);
            Assert.All(report.Steps, s => Assert.False(string.IsNullOrEmpty(s.Gate)));
            Assert.Equal(plan.ExpectedOutage.TotalSeconds, report.ExpectedOutageSeconds, 3);

            var timeline = TimelineBuilder.FromReport(report);
            Assert.False(timeline.Expected);
            Assert.Equal(new[] { "meg1", "meg2", "meg3", "meg4" }, timeline.Nodes);
            Assert.Equal(report.DurationSeconds, timeline.Seconds, 3);
            AssertLanesCover(timeline);
            AssertAtMostOneServer(timeline);
            var update = report.Steps.Single(s => s.Action == "Update" && s.Target == "meg1");
            var drawn = Assert.Single(timeline.Activities, a => a.Node == "meg1");
            Assert.Equal((update.StartedAt!.Value - report.StartedAt).TotalSeconds, drawn.From, 3);
            Assert.Equal(update.DurationSeconds, drawn.To - drawn.From, 3);
            // meg2 already ran the target: its update step had nothing to do, so no bar is drawn for it.
            Assert.DoesNotContain(timeline.Activities, a => a.Node == "meg2" && a.Kind == "Update");
            Assert.Equal(report.OutageWindows.Count, timeline.Outages.Count);
        }

        [Fact]
        public void The_observation_log_keeps_changes_only_and_leads_a_run_with_every_nodes_last_state()
        {
            var log = new ObservationLog();
            var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
            var master = Node("meg1", ClusterMode.Master, vrrp: true);
            var failover = Node("meg2", ClusterMode.Failover, vrrp: false);
            log.Record(new[] { master, failover }, _ => true, start.AddSeconds(-5));
            log.Record(new[] { master, failover }, _ => true, start.AddSeconds(1));
            master.VrrpActive = false;
            log.Record(new[] { master, failover }, _ => true, start.AddSeconds(2));
            failover.VrrpActive = true;
            log.Record(new[] { master, failover }, _ => true, start.AddSeconds(7));

            var run = log.Since(start);
            Assert.Equal(new[] { "meg1@0", "meg2@0", "meg1@2", "meg2@7" }, run.Select(o => $"{o.ComputerName}@{(o.Time - start).TotalSeconds}"));
            var window = Assert.Single(ObservationLog.OutagesSeen(run, start.AddSeconds(10)));
            Assert.Equal(start.AddSeconds(2), window.From);
            Assert.Equal(start.AddSeconds(7), window.To);

            master.VrrpActive = false;
            failover.VrrpActive = false;
            log.Record(new[] { master, failover }, _ => true, start.AddSeconds(8));
            var open = ObservationLog.OutagesSeen(log.Since(start), start.AddSeconds(10)).Last();
            Assert.Equal(2, open.Seconds);
        }

        [Fact]
        public void Clipping_keeps_the_parts_of_windows_inside_the_run()
        {
            var t0 = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
            var windows = new[] { Window(t0, 0, 3), Window(t0, 10, 20), Window(t0, 30, 40) };
            var clipped = ObservationLog.Clip(windows, t0.AddSeconds(2), t0.AddSeconds(15));
            Assert.Equal(new[] { (2.0, 3.0), (10.0, 15.0) }, clipped.Select(w => ((w.From - t0).TotalSeconds, (w.To - t0).TotalSeconds)));
        }

        [Theory]
        [InlineData(6, 10, 1)]
        [InlineData(45, 10, 5)]
        [InlineData(2718, 10, 300)]
        [InlineData(2718, 4, 900)]
        [InlineData(200000, 10, 28800)]
        [InlineData(2000000, 10, 259200)]
        public void Ticks_fall_on_round_steps_and_never_exceed_the_limit(double seconds, int maximum, double expected)
        {
            var step = TimelineLayout.ChooseTickStep(seconds, maximum);
            Assert.Equal(expected, step);
            Assert.True(seconds / step <= maximum);
        }

        [Theory]
        [InlineData(0, "+0:00")]
        [InlineData(65.4, "+1:05")]
        [InlineData(3599.6, "+1:00:00")]
        [InlineData(7322, "+2:02:02")]
        public void Axis_labels_read_as_time_from_the_start(double seconds, string expected) => Assert.Equal(expected, TimelineLayout.Clock(seconds));

        [Fact]
        public void Every_box_lies_inside_the_picture_and_lanes_do_not_overlap()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var layout = new TimelineLayout(TimelineBuilder.FromPlan(lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true)), 1200);
            var boxes = layout.States().Concat(layout.VirtualIp()).Concat(layout.Activities()).Concat(layout.Outages()).ToList();
            Assert.NotEmpty(boxes);
            Assert.All(boxes, b =>
            {
                Assert.InRange(b.X, TimelineLayout.LabelWidth, 1200 - TimelineLayout.RightMargin);
                Assert.InRange(b.X + b.Width, TimelineLayout.LabelWidth, 1200 - TimelineLayout.RightMargin + TimelineLayout.MinimumWidth);
                Assert.InRange(b.Y + b.Height, layout.LanesTop, layout.LanesBottom);
                Assert.True(b.Width >= TimelineLayout.MinimumWidth);
            });
            var tops = layout.Timeline.Nodes.Select(layout.LaneTop).ToList();
            Assert.All(tops.Zip(tops.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimelineLayout.LaneHeight));
            Assert.Equal(layout.PlotLeft, layout.Ticks().First().X);
            Assert.Throws<ArgumentOutOfRangeException>(() => new TimelineLayout(layout.Timeline, 100));
        }

        private static void AssertLanesCover(UpgradeTimeline timeline)
        {
            foreach (var node in timeline.Nodes)
            {
                var spans = timeline.States.Where(s => s.Node == node).OrderBy(s => s.From).ToList();
                Assert.Equal(0, spans.First().From, 6);
                Assert.Equal(timeline.Seconds, spans.Last().To, 6);
                Assert.All(spans.Zip(spans.Skip(1), (a, b) => (a, b)), pair => Assert.Equal(pair.a.To, pair.b.From, 6));
            }
        }

        private static void AssertAtMostOneServer(UpgradeTimeline timeline)
        {
            var cuts = timeline.States.SelectMany(s => new[] { s.From, s.To }).Distinct().OrderBy(t => t).ToList();
            foreach (var (from, to) in cuts.Zip(cuts.Skip(1), (a, b) => (a, b)))
            {
                var middle = (from + to) / 2;
                Assert.True(timeline.States.Count(s => s.ServesVirtualIp && s.From <= middle && s.To >= middle) <= 1, $"two servers at {middle} s");
            }
        }

        private static GatewayNode Node(string name, ClusterMode mode, bool vrrp) => new GatewayNode
        {
            ComputerName = name, Mode = mode, ClusterId = 12, Build = GatewayBuild.Parse("7.6.4 P3"), NetworkState = NetworkState.Online, VrrpActive = vrrp,
        };

        private static OutageWindow Window(DateTimeOffset t0, double from, double to) => new OutageWindow { From = t0.AddSeconds(from), To = t0.AddSeconds(to) };
    }
}
