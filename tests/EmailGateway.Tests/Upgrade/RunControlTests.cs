using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    public class RunControlTests
    {
        [Fact]
        public async Task The_journal_is_written_before_and_after_every_step_and_reads_back_as_the_same_plan()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, InterimMode.Standalone, repair: true);
            var seen = new System.Collections.Generic.List<string>();
            var observer = new ScriptedObserver
            {
                Before = step => seen.Add($"before {step.Index}: " + string.Join(",", UpgradeJournal.Load(lab.JournalPath).Document.Entries.Select(e => e.Step + e.Event))),
            };
            var report = await lab.RunAsync(plan, observer, journal: lab.NewJournal(plan));
            Assert.True(report.Succeeded, report.Error);

            var journal = UpgradeJournal.Load(lab.JournalPath);
            Assert.Equal("Succeeded", journal.Document.State);
            Assert.Equal(plan.Steps.Count, journal.LastCompletedStep);
            foreach (var step in plan.Steps.Where(s => report.Steps[s.Index - 1].Result == StepResult.Done))
            {
                Assert.Contains(journal.Document.Entries, e => e.Step == step.Index && e.Event == UpgradeJournal.StepStarted);
                Assert.Contains(journal.Document.Entries, e => e.Step == step.Index && e.Event == UpgradeJournal.StepDone);
            }
            // Before step 6 ran, the journal already held step 5's completion.
            Assert.Contains(seen, s => s.StartsWith("before 6:", StringComparison.Ordinal) && s.Contains("5done"));

            var back = journal.ToPlan();
            Assert.Equal(plan.Steps.Select(s => s.ToString()), back.Steps.Select(s => s.ToString()));
            Assert.Equal(plan.Steps.Select(s => s.GateText), back.Steps.Select(s => s.GateText));
            Assert.Equal(plan.Steps.Last().ExpectedAfter.Select(e => e.ToString()), back.Steps.Last().ExpectedAfter.Select(e => e.ToString()));
            Assert.Equal(plan.TargetBuild, back.TargetBuild);
        }

        [Fact]
        public void The_in_process_run_lock_is_exclusive_per_cluster_and_released_with_its_holder()
        {
            var locks = new ProcessRunLocks();
            var cluster = new ClusterKey("Lab", new ClusterId(12));
            Assert.Null(locks.HolderOf(cluster));
            Assert.True(locks.TryAcquire(cluster, "first run", out var held, out _));
            using (held)
            {
                Assert.Equal("first run", locks.HolderOf(cluster));
                Assert.False(locks.TryAcquire(cluster, "second run", out var second, out var heldBy));
                Assert.Null(second);
                Assert.Equal("first run", heldBy);
                Assert.True(locks.TryAcquire(new ClusterKey("Other", new ClusterId(12)), "a run elsewhere", out var other, out _));
                other!.Dispose();
            }
            Assert.Null(locks.HolderOf(cluster));
        }

        [Fact]
        public async Task A_failing_before_hook_stops_the_run_before_the_step_and_names_the_hook()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion);
            var switchover = plan.Steps.First(s => s.Action == UpgradeAction.Switchover).Index;
            var observer = new ScriptedObserver { Before = step => { if (step.Index == switchover) throw new InvalidOperationException("monitoring API down"); } };
            var report = await lab.RunAsync(plan, observer, journal: lab.NewJournal(plan));

            Assert.Equal(UpgradeResult.Failed, report.Result);
            Assert.Equal(switchover, report.FailedStep);
            Assert.Contains("BeforeStep hook failed: monitoring API down", report.Error);
            Assert.Equal(1, report.Steps.Last().Attempts);
            var meg1 = lab.World.GetStatus("meg1");
            Assert.True(meg1.IsOnline && meg1.VrrpActive, "the master still serves: the step never started");
            Assert.Empty(lab.NewViolations);

            var resumed = await lab.ResumeAsync();
            Assert.True(resumed.Succeeded, resumed.Error);
            Assert.Equal(switchover, resumed.StartedAtStep);
        }

        [Fact]
        public async Task A_failing_after_hook_stops_the_run_after_its_step()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            var observer = new ScriptedObserver { After = (step, record) => { if (step.KbStep == "A.3") throw new IOException("chat post failed"); } };
            var report = await lab.RunAsync(plan, observer, journal: lab.NewJournal(plan));
            Assert.Equal(UpgradeResult.Failed, report.Result);
            Assert.Contains("AfterStep hook failed", report.Error);
            Assert.Equal(LabPresets.NextBuild, lab.World.GetStatus("meg1").Build!.ToString());
            var resumed = await lab.ResumeAsync();
            Assert.True(resumed.Succeeded, resumed.Error);
            Assert.Equal(report.FailedStep + 1, resumed.StartedAtStep);
        }

        [Fact]
        public async Task Resume_follows_the_nodes_when_they_moved_on_past_the_journal()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            using var stop = new CancellationTokenSource();
            var observer = new ScriptedObserver { Before = step => { if (step.KbStep == "A.2") stop.Cancel(); } };
            var report = await lab.RunAsync(plan, observer, journal: lab.NewJournal(plan), cancellationToken: stop.Token);
            Assert.Equal(UpgradeResult.Stopped, report.Result);

            // The admin updated the failover by hand meanwhile (it is offline: allowed).
            var client = lab.Clients["meg2"];
            await EmailGateway.Operations.NodeOperations.InstallUpdateAsync(client, lab.Package, TimeSpan.FromHours(1), TimeSpan.FromSeconds(10), null, CancellationToken.None);

            var journal = UpgradeJournal.Load(lab.JournalPath);
            var point = ResumePoint.Find(journal.ToPlan(), lab.Read(), journal.LastCompletedStep);
            Assert.True(point.Found, point.Reason);
            Assert.Equal(plan.Steps.Single(s => s.KbStep == "A.3").Index, point.NextStep);
            Assert.Contains("the nodes' state decides", point.Reason);
        }

        [Fact]
        public void Resume_refuses_a_cluster_that_matches_no_point_of_the_plan()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            lab.World.Shell.Execute("meg3", "set cluster-id 40");
            var point = ResumePoint.Find(plan, lab.Read(), 0);
            Assert.False(point.Found);
            Assert.Contains("meg3: cluster id 40, expected 12", point.Reason);
        }

        [Fact]
        public async Task Cancellation_inside_a_switchover_completes_both_halves_and_leaves_service_on()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            using var stop = new CancellationTokenSource();
            lab.AfterCommand = (node, command) => { if (node == "meg1" && command == "set network offline") stop.Cancel(); };
            var report = await lab.RunAsync(plan, journal: lab.NewJournal(plan), cancellationToken: stop.Token);
            lab.AfterCommand = null;

            Assert.Equal(UpgradeResult.Stopped, report.Result);
            Assert.Equal(StepResult.Interrupted, report.Steps.Last().Result);
            Assert.Equal("B.4", report.Steps.Last().KbStep);
            Assert.True(lab.World.GetStatus("meg2").IsOnline, "the interim master came online although the run was stopped");
            lab.World.Advance(TimeSpan.FromMinutes(1));
            Assert.True(lab.World.GetStatus("meg2").VrrpActive);
            var journal = UpgradeJournal.Load(lab.JournalPath).Document;
            Assert.Equal("Stopped", journal.State);
            Assert.Contains(journal.Entries, e => e.Event == UpgradeJournal.StepInterrupted);
            // The report and the journal say the same: the step, who serves, whether mail flows, the command that continues.
            Assert.StartsWith($"Stopped during step {report.FailedStep}/{plan.Steps.Count} [KB80406 B.4] ", report.Error);
            Assert.Contains("meg2 is taking it over", report.NextAction);
            Assert.EndsWith($"To continue: Invoke-GatewayClusterUpgrade -Resume -JournalPath '{lab.JournalPath}'", report.NextAction);
            Assert.Equal(report.Error, journal.LastError);
            Assert.Equal(report.NextAction, journal.NextAction);

            var resumed = await lab.ResumeAsync();
            Assert.True(resumed.Succeeded, resumed.Error);
            Assert.Empty(lab.NewViolations);
            Assert.Equal(0, lab.LabReport.RejectedDeliveries);
        }

        [Fact]
        public async Task A_switchover_whose_second_half_fails_gives_service_back()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion);
            // meg2 answers status reads but refuses to come online.
            lab.AfterCommand = (node, command) => { if (node == "meg1" && command == "set network offline") lab.World.InjectFault("meg2", EmailGateway.Lab.World.LabFaultKind.FailCommands, 3); };
            var report = await lab.RunAsync(plan, options: UpgradeHarness.FastOptions(maxRetries: 0), journal: lab.NewJournal(plan));
            lab.AfterCommand = null;

            Assert.Equal(UpgradeResult.Failed, report.Result);
            Assert.Equal("B.4", report.Steps.Last().KbStep);
            var meg1 = lab.World.GetStatus("meg1");
            Assert.True(meg1.IsOnline && meg1.VrrpActive, "meg1 took the virtual IP back");
            Assert.Empty(lab.NewViolations);
            Assert.InRange(lab.LabReport.OutageSeconds, 0, 10);
            Assert.Contains("meg1 (master", report.NextAction);
            Assert.Contains("offline: meg2", report.NextAction);
        }

        [Fact]
        public async Task A_batch_with_one_failing_node_waits_for_the_others_before_it_stops()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            var observer = new ScriptedObserver { Before = step => { if (step.KbStep == "A.6") lab.World.InjectFault("meg3", EmailGateway.Lab.World.LabFaultKind.CorruptUpload); } };
            var report = await lab.RunAsync(plan, observer, UpgradeHarness.FastOptions(maxRetries: 0), lab.NewJournal(plan));

            Assert.Equal(UpgradeResult.Failed, report.Result);
            Assert.Equal("meg3", report.FailedNode);
            Assert.Contains("checksum-mismatch", report.Error);
            var meg4 = lab.World.GetStatus("meg4");
            Assert.Equal(EmailGateway.Model.PowerState.Running, meg4.Power);
            Assert.Equal(UpgradeHarness.Target, meg4.Build);

            lab.World.ClearFaults("meg3");
            var resumed = await lab.ResumeAsync();
            Assert.True(resumed.Succeeded, resumed.Error);
            Assert.Equal(report.FailedStep, resumed.StartedAtStep);
            Assert.True(lab.ConsistentOnTarget());
        }

        [Fact]
        public async Task Preflight_refuses_and_nothing_runs()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion);
            Assert.False(plan.IsRunnable);
            var orchestrator = new UpgradeOrchestrator(plan, lab.Clients, lab.Package);
            await Assert.ThrowsAsync<InvalidOperationException>(() => orchestrator.RunAsync());
            Assert.DoesNotContain(lab.LabReport.Timeline, e => e.Text.Contains("> set ", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_ten_node_rehearsal_on_a_lab_twin_passes_quickly_and_allows_the_run()
        {
            using var lab = UpgradeHarness.Cluster(scanners: 8);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, batchSize: 4);
            var rehearsal = await UpgradeRehearsal.RunAsync(plan, lab.Read(), new LabUpgradeTwinFactory(), lab.Package, null, CancellationToken.None);
            Assert.True(rehearsal.Succeeded, rehearsal.Error);
            Assert.Null(UpgradeRehearsal.Objection(rehearsal));
            Assert.Equal(0, rehearsal.RejectedDeliveries);
            // On the twin's virtual clock: hours of updates pass in the time a loaded machine takes for a few
            // seconds of work (speed itself is measured by the benchmarks).
            Assert.True(rehearsal.DurationSeconds > 3600, $"{rehearsal.DurationSeconds} s on the twin's clock");
            Assert.InRange(rehearsal.WallSeconds, 0, 60);
            // The live lab is untouched by its twin.
            Assert.All(lab.Read(), n => Assert.Equal(LabPresets.CurrentBuild, n.Build!.ToString()));
        }

        [Fact]
        public async Task A_rehearsal_objects_when_the_twin_sees_rejected_mail()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            // Forced past preflight: a corrupt failover promoted without repair would greet as scmgateway.
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion);
            var rehearsal = await UpgradeRehearsal.RunAsync(plan, lab.Read(), new LabUpgradeTwinFactory(), lab.Package, null, CancellationToken.None)
                .ContinueWith(t => t.IsFaulted ? null : t.Result);
            Assert.Null(rehearsal);

            var forced = lab.Plan(UpgradeRecipe.FailoverPromotion);
            var twin = new LabUpgradeTwinFactory().Create(lab.Read());
            var report = await new UpgradeOrchestrator(forced, twin.Clients, lab.Package, UpgradeHarness.FastOptions(), account: twin.Account, network: "twin")
                .RunAsync(1, resumed: true);
            Assert.NotNull(UpgradeRehearsal.Objection(report));
            Assert.Equal(UpgradeResult.Failed, report.Result);
            Assert.Contains("B.4", report.Error);
            Assert.Contains("scmgateway", report.Error);
        }
    }
}
