using System;
using System.Linq;
using System.Threading.Tasks;
using EmailGateway.Rules;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Reporting;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    public class EndToEndTests
    {
        public static TheoryData<string, UpgradeRecipe, InterimMode> Cases()
        {
            var data = new TheoryData<string, UpgradeRecipe, InterimMode>();
            foreach (var preset in new[] { LabPresets.Healthy, LabPresets.KB80406 })
            {
                data.Add(preset, UpgradeRecipe.MasterInPlace, InterimMode.Master);
                data.Add(preset, UpgradeRecipe.FailoverPromotion, InterimMode.Master);
                data.Add(preset, UpgradeRecipe.FailoverPromotion, InterimMode.Standalone);
            }
            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Upgrades_the_cluster_with_no_new_violation_and_no_rejected_delivery(string preset, UpgradeRecipe strategy, InterimMode interim)
        {
            using var lab = UpgradeHarness.Preset(preset);
            var plan = lab.Plan(strategy, interim, repair: true);
            Assert.True(plan.IsRunnable, string.Join("\n", plan.FailedChecks));

            var report = await lab.RunAsync(plan, journal: lab.NewJournal(plan));

            Assert.True(report.Succeeded, report.Error);
            Assert.True(lab.ConsistentOnTarget());
            Assert.Empty(lab.NewViolations);
            Assert.Equal(0, lab.LabReport.RejectedDeliveries);
            Assert.Equal(0, report.RejectedDeliveries);
            Assert.Empty(report.Violations);
            Assert.All(report.BuildsAfter.Values, b => Assert.Equal(LabPresets.NextBuild, b));
            Assert.Equal(lab.LabReport.OutageSeconds, report.Lab!.OutageSeconds);

            var takeover = lab.World.Settings.Timings.VrrpTakeover.TotalSeconds;
            if (strategy == UpgradeRecipe.MasterInPlace)
            {
                // The master's update, then one takeover as it claims the virtual IP back.
                var update = lab.World.Settings.Timings.Update.TotalSeconds;
                Assert.InRange(report.OutageSeconds!.Value, update, update + takeover + 0.001);
            }
            else
            {
                Assert.InRange(report.OutageSeconds!.Value, 0, 2 * takeover + 0.001);
            }
        }

        [Fact]
        public async Task From_KB80406_the_only_violation_is_the_one_found_and_it_ends_with_the_first_step()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            var report = await lab.RunAsync(plan);

            Assert.True(report.Succeeded, report.Error);
            var violation = Assert.Single(lab.LabReport.Violations);
            Assert.Equal(KbRules.MixedBuild.Hazard, violation.Name);
            Assert.Equal(lab.World.Settings.Start, violation.From);
            var first = report.Steps[0];
            Assert.Equal("B.1", first.KbStep);
            Assert.Equal("meg2", first.Target);
            Assert.Equal(first.EndedAt, violation.To);
            Assert.Single(report.PreexistingViolations);
            Assert.Empty(report.Violations);
        }

        [Fact]
        public async Task Scanner_batches_run_in_parallel_and_shorten_the_window()
        {
            async Task<double> Window(int batchSize)
            {
                using var lab = UpgradeHarness.Cluster(scanners: 8);
                var report = await lab.RunAsync(lab.Plan(UpgradeRecipe.FailoverPromotion, batchSize: batchSize));
                Assert.True(report.Succeeded, report.Error);
                Assert.True(lab.ConsistentOnTarget());
                return report.DurationSeconds;
            }

            var serial = await Window(1);
            var parallel = await Window(0);
            Assert.True(parallel <= 0.6 * serial, $"parallel {parallel} s vs serial {serial} s");
        }

        [Fact]
        public async Task The_report_agrees_with_the_lab_report_and_renders_every_step()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            var report = await lab.RunAsync(plan);

            var labReport = lab.LabReport;
            Assert.Equal(labReport.OutageSeconds, report.Lab!.OutageSeconds);
            Assert.Equal(labReport.RejectedDeliveries, report.Lab.RejectedDeliveries);
            Assert.Equal(labReport.DeliveredMessages, report.Lab.DeliveredMessages);
            Assert.Equal(plan.Steps.Count, report.Steps.Count);
            Assert.Equal(plan.Steps.Select(s => s.KbStep), report.Steps.Select(s => s.KbStep));
            Assert.True(report.Steps.Single(s => s.KbStep == "A.3").DurationSeconds >= lab.World.Settings.Timings.Update.TotalSeconds);
            Assert.Equal(LabPresets.CurrentBuild, report.BuildsBefore["meg1"]);
            Assert.Equal(labReport.ElapsedSeconds, (report.EndedAt - lab.World.Settings.Start).TotalSeconds, 3);
            var json = System.Text.Json.JsonSerializer.Serialize(report);
            Assert.Contains("\"Strategy\":\"MasterInPlace\"", json);
        }

        [Fact]
        public async Task Interim_node_delivers_its_queue_before_it_goes_offline()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var report = await lab.RunAsync(lab.Plan(UpgradeRecipe.FailoverPromotion));
            Assert.True(report.Succeeded, report.Error);
            // Only the master's queue waits with it across its update (B.4); the interim node's is delivered (B.6).
            Assert.InRange(lab.LabReport.StrandedMessages, 1, 10);
            Assert.Contains(lab.LabReport.Timeline, e => e.Text.StartsWith("meg1: left the traffic network", StringComparison.Ordinal));
            Assert.DoesNotContain(lab.LabReport.Timeline, e => e.Text.StartsWith("meg2: left the traffic network", StringComparison.Ordinal));
        }
    }
}
