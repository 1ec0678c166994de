using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EmailGateway.Lab.Description;
using EmailGateway.Tests.Upgrade;
using EmailGateway.Upgrade;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    /// <summary>
    /// The same upgrade on the same lab must give the same virtual figures every time, however the thread
    /// pool interleaves the waits of a scanner batch (several runs at once keep the pool busy).
    /// </summary>
    public class LabClockDeterminismTests
    {
        private const int Runs = 24;
        private const int AtOnce = 4;

        [Fact]
        public async Task A_batched_upgrade_gives_the_same_virtual_timings_every_run()
        {
            var fingerprints = await RunMany(() => UpgradeHarness.Cluster(scanners: 6), UpgradeRecipe.FailoverPromotion, repair: false, batchSize: 3);
            AssertAllEqual(fingerprints);
        }

        [Fact]
        public async Task The_KB80406_repair_with_scanner_batches_gives_the_same_virtual_timings_every_run()
        {
            var fingerprints = await RunMany(() => UpgradeHarness.Preset(LabPresets.KB80406), UpgradeRecipe.FailoverPromotion, repair: true, batchSize: 2);
            AssertAllEqual(fingerprints);
        }

        private static void AssertAllEqual(IReadOnlyList<string> fingerprints)
        {
            var distinct = fingerprints.GroupBy(f => f).OrderByDescending(g => g.Count()).ToList();
            Assert.True(distinct.Count == 1,
                $"{distinct.Count} different outcomes in {fingerprints.Count} runs:\n" + string.Join("\n----\n", distinct.Take(2).Select(g => $"{g.Count()} run(s):\n{g.Key}")));
        }

        private static async Task<IReadOnlyList<string>> RunMany(Func<UpgradeHarness> lab, UpgradeRecipe recipe, bool repair, int batchSize)
        {
            var results = new List<string>();
            for (var round = 0; round < Runs / AtOnce; round++)
            {
                var batch = Enumerable.Range(0, AtOnce).Select(_ => Task.Run(() => Fingerprint(lab, recipe, repair, batchSize))).ToList();
                results.AddRange(await Task.WhenAll(batch));
            }
            return results;
        }

        /// <summary>Every virtual figure of a run: step times, duration, outage windows and the lab's timeline.</summary>
        private static async Task<string> Fingerprint(Func<UpgradeHarness> create, UpgradeRecipe recipe, bool repair, int batchSize)
        {
            using var lab = create();
            var report = await lab.RunAsync(lab.Plan(recipe, repair: repair, batchSize: batchSize));
            Assert.True(report.Succeeded, report.Error);
            var start = lab.World.Settings.Start;
            var lines = new List<string> { $"duration {report.DurationSeconds} s, outage {report.Lab?.OutageSeconds} s" };
            lines.AddRange(report.Steps.Select(s => $"{s.Index} {s.KbStep} {s.Action} {s.Target}: {s.StartedAt - start} .. {s.EndedAt - start}"));
            lines.AddRange(report.OutageWindows.Select(w => $"outage {w.From - start} .. {w.To - start}"));
            lines.AddRange(lab.LabReport.Timeline.Select(e => $"{e.Time - start} {e.Text}"));
            return string.Join("\n", lines);
        }
    }
}
