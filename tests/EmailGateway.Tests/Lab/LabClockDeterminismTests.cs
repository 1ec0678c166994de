using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Lab.Description;
using EmailGateway.Tests.Upgrade;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;
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

        [Fact]
        public async Task A_batched_upgrade_with_step_hooks_gives_the_same_virtual_timings_every_run()
        {
            // Hooks answer from another thread, as a pipeline's -BeforeStep/-AfterStep do, so each step resumes from outside the clock.
            var fingerprints = await RunMany(() => UpgradeHarness.Cluster(scanners: 6), UpgradeRecipe.FailoverPromotion, repair: false, batchSize: 3, new ThreadHookObserver());
            AssertAllEqual(fingerprints);
        }

        private static void AssertAllEqual(IReadOnlyList<string> fingerprints)
        {
            var distinct = fingerprints.GroupBy(f => f).OrderByDescending(g => g.Count()).ToList();
            Assert.True(distinct.Count == 1,
                $"{distinct.Count} different outcomes in {fingerprints.Count} runs:\n" + string.Join("\n----\n", distinct.Take(2).Select(g => $"{g.Count()} run(s):\n{g.Key}")));
        }

        private static async Task<IReadOnlyList<string>> RunMany(Func<UpgradeHarness> lab, UpgradeRecipe recipe, bool repair, int batchSize, IUpgradeObserver? observer = null)
        {
            var results = new List<string>();
            for (var round = 0; round < Runs / AtOnce; round++)
            {
                var batch = Enumerable.Range(0, AtOnce).Select(_ => Task.Run(() => Fingerprint(lab, recipe, repair, batchSize, observer))).ToList();
                results.AddRange(await Task.WhenAll(batch));
            }
            return results;
        }

        /// <summary>Every virtual figure of a run: step times, duration, outage windows and the lab's timeline.</summary>
        private static async Task<string> Fingerprint(Func<UpgradeHarness> create, UpgradeRecipe recipe, bool repair, int batchSize, IUpgradeObserver? observer)
        {
            using var lab = create();
            var report = await lab.RunAsync(lab.Plan(recipe, repair: repair, batchSize: batchSize), observer);
            Assert.True(report.Succeeded, report.Error);
            var start = lab.World.Settings.Start;
            var lines = new List<string> { $"duration {report.DurationSeconds} s, outage {report.Lab?.OutageSeconds} s" };
            lines.AddRange(report.Steps.Select(s => $"{s.Index} {s.KbStep} {s.Action} {s.Target}: {s.StartedAt - start} .. {s.EndedAt - start}"));
            lines.AddRange(report.OutageWindows.Select(w => $"outage {w.From - start} .. {w.To - start}"));
            lines.AddRange(lab.LabReport.Timeline.Select(e => $"{e.Time - start} {e.Text}"));
            return string.Join("\n", lines);
        }
    }

    /// <summary>Hooks that finish on a thread of their own and resume the run asynchronously, as a pipeline thread does.</summary>
    internal sealed class ThreadHookObserver : NullUpgradeObserver
    {
        public override Task BeforeStepAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) => Elsewhere();

        public override Task AfterStepAsync(UpgradeStep step, StepRecord record, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) => Elsewhere();

        private static Task Elsewhere()
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            new Thread(() => done.SetResult(true)) { IsBackground = true }.Start();
            return done.Task;
        }
    }
}
