using EmailGateway.Lab.Description;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Protocol;
using EmailGateway.Sessions;
using EmailGateway.Transport;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Runs;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>What a run settles before it starts, and the refusals that stop it with nothing changed.</summary>
    public class RunPreparationTests
    {
        private sealed class Fixture : IDisposable
        {
            public Fixture(string preset = LabPresets.KB80406)
            {
                Harness = UpgradeHarness.Preset(preset);
                foreach (var node in Harness.World.NodeNames) Registry.Add(new GatewaySession(Harness.World.CreateTransport(node), labName: "prep"));
                Preparation = new UpgradeRunPreparation(Registry, _ => new UpgradeSite(account: new LabServiceAccount(Harness.World), runLocks: Locks), new NullLog());
            }

            public UpgradeHarness Harness { get; }
            public SessionRegistry Registry { get; } = new SessionRegistry();
            public ProcessRunLocks Locks { get; } = new ProcessRunLocks();
            public UpgradeRunPreparation Preparation { get; }

            public UpgradeRunRequest Request(RunSource source = RunSource.Nodes, UpgradeRecipe strategy = UpgradeRecipe.MasterInPlace) => new()
            {
                Source = source,
                Nodes = Harness.World.NodeNames,
                PackagePath = Harness.Package.Path,
                Recipe = strategy,
                JournalPath = Harness.JournalPath,
                Options = UpgradeHarness.FastOptions(),
            };

            public void Dispose()
            {
                foreach (var session in Registry.All()) session.Dispose();
                Harness.Dispose();
            }
        }

        private sealed class NullLog : IOperationLog
        {
            public void Verbose(string message) { }
            public void Debug(string message) { }
            public void Warning(string message) { }
        }

        [Fact]
        public void A_runnable_plan_is_prepared_with_its_package_and_journal_and_words_for_the_prompt()
        {
            using var f = new Fixture();
            var prepared = f.Preparation.Prepare(f.Request(), default);
            Assert.False(prepared.IsRefused, prepared.Refusal?.Message);
            var run = prepared.Value!;
            Assert.Equal(f.Harness.Package.Sha256, run.Package!.Sha256);
            Assert.Equal(f.Harness.JournalPath, run.JournalPath);
            Assert.False(run.IsResume);
            Assert.Equal("cluster 12 (meg1, meg2, meg3, meg4)", run.Target);
            Assert.StartsWith("Upgrade to 7.6.4 P4 by MasterInPlace", run.Action);
            Assert.Equal(run.Plan.Steps.Count, run.StepActions.Count());
        }

        [Theory]
        [InlineData("NoNodes", RefusalKind.InvalidArgument)]
        [InlineData("SessionNotFound", RefusalKind.NotFound)]
        [InlineData("PreflightFailed", RefusalKind.InvalidOperation)]
        [InlineData("PackageRequired", RefusalKind.InvalidArgument)]
        public void Bad_input_is_refused_with_its_reason(string reason, RefusalKind kind)
        {
            using var f = new Fixture();
            var request = f.Request(strategy: reason == "PreflightFailed" ? UpgradeRecipe.FailoverPromotion : UpgradeRecipe.MasterInPlace);
            if (reason == "NoNodes") request.Nodes = Array.Empty<string>();
            if (reason == "SessionNotFound") request.Nodes = new[] { "meg1", "meg9" };
            if (reason == "PackageRequired") { request.PackagePath = null; request.TargetBuild = "7.6.4 P4"; }

            var refusal = f.Preparation.Prepare(request, default).Refusal;

            Assert.NotNull(refusal);
            Assert.Equal(reason, refusal!.Reason);
            Assert.Equal(kind, refusal.Kind);
            if (reason == "SessionNotFound") Assert.Equal(new[] { "meg9" }, (string[])refusal.Target!);
            if (reason == "PreflightFailed") Assert.Contains(((UpgradePlan)refusal.Target!).FailedChecks, c => c.Name == "StrategySafe");
            Assert.Equal(0, f.Harness.World.GetReport().Timeline.Count(e => e.Text.Contains("> set ")));
        }

        [Fact]
        public void An_unreadable_package_is_refused_with_the_exception_that_says_why()
        {
            using var f = new Fixture();
            var request = f.Request();
            request.PackagePath = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".pkg");
            var refusal = f.Preparation.Prepare(request, default).Refusal!;
            Assert.Null(refusal.Reason);
            Assert.IsType<FileNotFoundException>(refusal.Cause);
            Assert.Equal(request.PackagePath, refusal.Target);
        }

        [Fact]
        public void Steps_come_back_to_their_plan_and_part_of_a_plan_is_refused()
        {
            using var f = new Fixture(LabPresets.Healthy);
            var plan = f.Preparation.Plan(f.Request(), default).Value!.Plan;
            Assert.All(plan.Steps, s => Assert.Same(plan, UpgradePlan.Of(s)));

            var whole = f.Request(RunSource.Steps);
            whole.Steps = plan.Steps;
            Assert.Same(plan, f.Preparation.Prepare(whole, default).Value!.Plan);

            var part = f.Request(RunSource.Steps);
            part.Steps = plan.Steps.Take(2).ToList();
            var refusal = f.Preparation.Prepare(part, default).Refusal!;
            Assert.Equal("InvalidPlan", refusal.Reason);
            Assert.Contains("Only 2 of the plan's", refusal.Message);
        }

        [Fact]
        public async Task Resume_without_a_journal_is_refused_and_a_held_lock_refuses_the_run_before_anything_changes()
        {
            using var f = new Fixture(LabPresets.Healthy);
            var resume = f.Request(RunSource.Resume);
            resume.JournalPath = Path.Combine(Path.GetTempPath(), "no-journal-" + Guid.NewGuid().ToString("N") + ".yaml");
            var missing = Assert.IsType<EmailGateway.Upgrade.Journal.UpgradeJournalException>(f.Preparation.Prepare(resume, default).Refusal!.Cause);
            Assert.Equal(EmailGateway.Upgrade.Journal.UpgradeJournalException.NotFound, missing.Reason);

            var run = f.Preparation.Prepare(f.Request(), default).Value!;
            // Another run holds the cluster's lock, whatever its journal.
            Assert.True(f.Locks.TryAcquire(run.Plan.Cluster, "another run", out var held, out _));
            using (held)
            {
                var refused = await Assert.ThrowsAsync<RefusedException>(() => run.ExecuteAsync(new ScriptedObserver(), new NullLog(), null, default));
                Assert.Equal("RunLockHeld", refused.Refusal.Reason);
                Assert.Equal(RefusalKind.Busy, refused.Refusal.Kind);
            }
            Assert.Equal(LabPresets.CurrentBuild, f.Harness.Read().First(n => n.ComputerName == "meg1").Build!.ToString());
        }

        [Fact]
        public async Task A_prepared_run_upgrades_and_a_resume_of_it_finds_nothing_left()
        {
            using var f = new Fixture(LabPresets.Healthy);
            var report = await f.Preparation.Prepare(f.Request(), default).Value!.ExecuteAsync(new ScriptedObserver(), new NullLog(), null, default);
            Assert.True(report.Succeeded, report.Error);
            Assert.Null(report.FinalReadError);

            var resumed = f.Preparation.Prepare(f.Request(RunSource.Resume), default).Value!;
            Assert.True(resumed.IsResume);
            var observer = new ScriptedObserver();
            var again = await resumed.ExecuteAsync(observer, new NullLog(), null, default);
            Assert.True(again.Succeeded, again.Error);
            Assert.Contains(observer.Messages, m => m.StartsWith("Resuming at step "));
        }
    }
}
