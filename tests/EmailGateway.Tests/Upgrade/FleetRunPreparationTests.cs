using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.Fleet;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Upgrade.Guard;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Operations;
using EmailGateway.Upgrade.Runs;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>A rollout prepared from sessions, as the cmdlet prepares it: one run per cluster, each with its journal and lock.</summary>
    public sealed class FleetRunPreparationTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "eg-fleet-prep", Guid.NewGuid().ToString("N"));
        private readonly LabFleet _fleet = FleetPreset.Create(new FleetPresetSize { Sites = 3, ScannersPerSite = 0 });
        private readonly SessionRegistry _registry = new SessionRegistry();
        private readonly ProcessRunLocks _locks = new ProcessRunLocks();
        private readonly UpdatePackage _package;

        public FleetRunPreparationTests()
        {
            Directory.CreateDirectory(_folder);
            _package = UpdatePackage.Create(Path.Combine(_folder, "meg-7.6.4-P4.pkg"), "MEG", GatewayBuild.Parse(LabPresets.NextBuild), 2048);
            foreach (var world in _fleet.Segments)
                foreach (var node in world.NodeNames)
                    _registry.Add(new GatewaySession(world.CreateTransport(node), labName: "fleet", segment: world.Settings.Segment));
        }

        public void Dispose()
        {
            foreach (var session in _registry.All()) session.Dispose();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }

        private FleetRunPreparation Preparation => new FleetRunPreparation(_registry, sessions =>
        {
            var world = _fleet.WorldOf(sessions[0].ComputerName);
            return new UpgradeSite(account: new LabServiceAccount(world), runLocks: _locks);
        }, new NullLog());

        private UpgradeRunRequest Request(string? journalFolder) => new UpgradeRunRequest
        {
            Nodes = _fleet.NodeNames,
            PackagePath = _package.Path,
            Recipe = UpgradeRecipe.FailoverPromotion,
            RepairInterim = true,
            JournalPath = journalFolder,
            Options = UpgradeHarness.FastOptions(),
        };

        private sealed class NullLog : IOperationLog
        {
            public void Verbose(string message) { }
            public void Debug(string message) { }
            public void Warning(string message) { }
        }

        private static Task<FleetReport> Execute(PreparedFleet fleet, FleetPolicy policy, bool rehearse = false) =>
            fleet.ExecuteAsync(policy, new NullFleetObserver(), (slot, cluster) => new NullUpgradeObserver(), new NullLog(), new LabUpgradeTwinFactory(), rehearse, CancellationToken.None);

        [Fact]
        public void The_guard_of_a_single_change_reads_only_the_segment_it_judges()
        {
            // site-002's master does not answer: a change at site-001 neither reads it nor hears of it.
            var silent = FleetPreset.NodeName(2, 1);
            _fleet.WorldOf(silent).InjectFault(silent, LabFaultKind.Unreachable);
            var target = _registry.All().Where(s => s.ComputerName == FleetPreset.NodeName(1, 2)).ToList();
            var check = SessionGuard.Check(_registry.All(), target, n => GuardChange.SetNetwork(n, NetworkState.Offline), 4, CancellationToken.None);
            Assert.Empty(check.Read.Unreachable);
            Assert.Equal(2, check.Read.Read.Count);
            Assert.All(check.Read.Read, r => Assert.Equal(FleetPreset.SiteName(1), r.Session.Segment));
            Assert.False(check.Refused);

            var there = _registry.All().Where(s => s.ComputerName == FleetPreset.NodeName(2, 2)).ToList();
            var checkThere = SessionGuard.Check(_registry.All(), there, n => GuardChange.SetNetwork(n, NetworkState.Offline), 4, CancellationToken.None);
            Assert.Single(checkThere.Read.Unreachable);
        }

        [Fact]
        public async Task Each_cluster_runs_with_its_own_journal_in_the_folder_and_a_stopped_rollout_resumes_from_them()
        {
            var prepared = Preparation.Prepare(Request(_folder), new FleetRunRequest(), CancellationToken.None);
            Assert.Null(prepared.Refusal);
            var fleet = prepared.Value!;
            Assert.Equal(new[] { "site-001", "site-002", "site-003" }, fleet.Runnable.Select(m => m.Cluster.Segment));
            Assert.Contains(fleet.StepActions, a => a.Target.StartsWith("cluster 12 in segment site-002: ", StringComparison.Ordinal));

            // site-002's failover fails its update (the preset's fault); with room for two failures the others go on.
            var report = await Execute(fleet, new FleetPolicy { ClusterThrottleLimit = 2, MaxFailedClusters = 2 }, rehearse: true);
            Assert.Equal(new[] { FleetClusterState.Upgraded, FleetClusterState.Failed, FleetClusterState.Upgraded }, report.Clusters.Select(c => c.State));
            Assert.All(report.Clusters, c => Assert.NotNull(c.Report!.Rehearsal));
            Assert.Equal(3, Directory.GetFiles(_folder, "*.journal.yaml").Length);
            Assert.Contains($"Invoke-GatewayClusterUpgrade -Resume -JournalPath '{_folder}' continues each from its journal", report.NextAction);

            _fleet.Segments[1].ClearFaults(FleetPreset.NodeName(2, 2));
            var journals = new UpgradeRunPreparation(_registry, _ => new UpgradeSite(runLocks: _locks), new NullLog()).FindJournals(_folder);
            var unfinished = Assert.Single(journals.Value!);
            var resumes = Preparation.PrepareResumes(Request(null), new[] { unfinished });
            var resumed = await Execute(resumes.Value!, new FleetPolicy());
            Assert.True(resumed.Resumed);
            Assert.Equal(FleetClusterState.Upgraded, Assert.Single(resumed.Clusters).State);
            Assert.All(_fleet.Segments.SelectMany(w => w.GetStatuses()), n => Assert.Equal(LabPresets.NextBuild, n.Build!.ToString()));
        }

        [Fact]
        public async Task A_cluster_whose_lock_is_held_elsewhere_is_skipped_and_the_others_go_on()
        {
            var fleet = Preparation.Prepare(Request(_folder), new FleetRunRequest(), CancellationToken.None).Value!;
            Assert.True(_locks.TryAcquire(new ClusterKey("site-003", new ClusterId(12)), "alice on jump1", out var held, out _));
            using (held)
            {
                var report = await Execute(fleet, new FleetPolicy { MaxFailedClusters = 3 });
                var skipped = report.Clusters[2];
                Assert.Equal((FleetClusterState.Skipped, "RunLockHeld"), (skipped.State, skipped.ReasonId));
                Assert.Contains("alice on jump1", skipped.Reason);
                Assert.Equal(FleetClusterState.Upgraded, report.Clusters[0].State);
            }
            Assert.Equal(LabPresets.CurrentBuild, _fleet.Segments[2].GetStatuses().First(n => n.Mode == ClusterMode.Master).Build!.ToString());
        }

        [Fact]
        public void Input_no_cluster_can_be_planned_from_is_refused_before_anything_is_read_or_changed()
        {
            var file = Path.Combine(_folder, "one.journal.yaml");
            Assert.Equal("JournalPathNotFolder", Preparation.Prepare(Request(file), new FleetRunRequest(), CancellationToken.None).Refusal!.Reason);
            var noPackage = Request(_folder);
            noPackage.PackagePath = null;
            noPackage.TargetBuild = LabPresets.NextBuild;
            Assert.Equal("PackageRequired", Preparation.Prepare(noPackage, new FleetRunRequest(), CancellationToken.None).Refusal!.Reason);
            var desired = Path.Combine(_folder, "desired.yaml");
            File.WriteAllText(desired, "clusters:\n  - { segment: elsewhere, clusterId: 12, build: 7.6.4 P4 }\n");
            Assert.Equal("NoClusters", Preparation.Prepare(Request(_folder), new FleetRunRequest { DesiredStatePath = desired }, CancellationToken.None).Refusal!.Reason);
            File.WriteAllText(desired, "clusters:\n  - { segment: site-001, clusterId: 12, build: [ }\n");
            Assert.Equal("InvalidDesiredState", Preparation.Prepare(Request(_folder), new FleetRunRequest { DesiredStatePath = desired }, CancellationToken.None).Refusal!.Reason);
            Assert.Empty(Directory.GetFiles(_folder, "*.journal.yaml"));
        }

        [Fact]
        public void Planning_alone_needs_no_package_and_plans_every_cluster()
        {
            var request = Request(null);
            request.PackagePath = null;
            request.TargetBuild = LabPresets.NextBuild;
            var planned = Preparation.Plan(request, new FleetRunRequest(), CancellationToken.None);
            Assert.Null(planned.Refusal);
            Assert.Equal(3, planned.Value!.Plan.Members.Count);
            Assert.All(planned.Value.Plan.Plans, p => Assert.True(p.IsRunnable, string.Join("; ", p.FailedChecks)));
        }
    
        [Fact]
        public void A_rollout_is_nodes_of_several_clusters_a_desired_state_or_waves_asked_for()
        {
            var preparation = Preparation;
            var oneSite = new UpgradeRunRequest { Nodes = _fleet.Segments[0].NodeNames.ToList() };
            Assert.False(preparation.IsRollout(oneSite, new FleetRunRequest()));
            Assert.True(preparation.IsRollout(oneSite, new FleetRunRequest { WavesAsked = true }));
            Assert.True(preparation.IsRollout(oneSite, new FleetRunRequest { DesiredStatePath = "clusters.yaml" }));
            // By the sessions' segments, and by where piped nodes were last seen: same id, other segment.
            Assert.True(preparation.IsRollout(new UpgradeRunRequest { Nodes = _fleet.NodeNames }, new FleetRunRequest()));
            var lastSeen = oneSite.Nodes.ToDictionary(n => n, n => new ClusterKey(n.EndsWith("meg1", StringComparison.Ordinal) ? "a" : "b", new ClusterId(12)));
            Assert.True(preparation.IsRollout(oneSite, new FleetRunRequest { LastSeenIn = lastSeen }));
            Assert.False(preparation.IsRollout(new UpgradeRunRequest { Source = RunSource.Resume, Nodes = _fleet.NodeNames }, new FleetRunRequest { WavesAsked = true }));
        }

        [Fact]
        public void A_request_prepares_into_one_run_or_a_rollout_and_several_unfinished_journals_resume_as_one_rollout()
        {
            var single = Request(null);
            single.Nodes = _fleet.Segments[0].NodeNames.ToList();
            var one = Preparation.PrepareAny(single, new FleetRunRequest(), CancellationToken.None);
            Assert.NotNull(one.Value!.Run);
            Assert.Null(one.Value.Fleet);
            var many = Preparation.PrepareAny(Request(_folder), new FleetRunRequest { Policy = new FleetPolicy { ClusterThrottleLimit = 2 } }, CancellationToken.None);
            Assert.Equal(3, many.Value!.Fleet!.Runnable.Count);
            Assert.True(many.Value.HasWork);
            Assert.Contains("2 at once", many.Value.Action);

            foreach (var site in new[] { "site-001", "site-002" })
                File.WriteAllText(Path.Combine(_folder, $"{site}.journal.yaml"), "not: a journal\n");
            var resume = new UpgradeRunRequest { Source = RunSource.Resume, JournalPath = _folder };
            // Journals that fail the checks are skipped, each with a warning that stays beside the refusal.
            var refused = Preparation.PrepareAny(resume, new FleetRunRequest(), CancellationToken.None);
            Assert.Equal("JournalNotFound", refused.Refusal!.Reason);
            Assert.Equal(2, refused.Warnings.Count);
        }

        [Fact]
        public void The_outcome_of_a_run_says_what_to_write_and_a_rollout_reports_an_error_per_cluster_left_behind()
        {
            var failed = new UpgradeReport { Result = UpgradeResult.Failed, Error = "Step 7 failed.", NextAction = "Resume.", FailedNode = "meg2", ClusterId = 12 };
            var outcome = UpgradeOutcome.Of(failed, stopRequested: false);
            var error = Assert.Single(outcome.Errors);
            Assert.Equal(("StepFailed", RefusalKind.InvalidResult, (object)"meg2"), (error.Reason!, error.Kind, error.Target!));
            Assert.Same(failed, outcome.Report);

            var stopped = new UpgradeReport { Result = UpgradeResult.Stopped, Error = "Stopped during step 3.", NextAction = "To continue: ..." };
            var byUser = UpgradeOutcome.Of(stopped, stopRequested: true);
            Assert.True(byUser.StoppedByUser);
            Assert.Null(byUser.Report);
            Assert.Equal("Stopped during step 3. To continue: ...", byUser.StopMessage);

            var fleet = new FleetReport();
            fleet.Clusters.Add(new FleetClusterResult(new ClusterKey("a", new ClusterId(12))) { State = FleetClusterState.Upgraded });
            fleet.Clusters.Add(new FleetClusterResult(new ClusterKey("b", new ClusterId(12))) { State = FleetClusterState.Skipped, ReasonId = "RunLockHeld", Reason = "held by alice" });
            fleet.Clusters.Add(new FleetClusterResult(new ClusterKey("c", new ClusterId(12))) { State = FleetClusterState.Failed, Reason = "meg2 did not return", Report = failed });
            var errors = UpgradeOutcome.Of(fleet, stopRequested: false).Errors;
            Assert.Equal(new[] { ("RunLockHeld", RefusalKind.Busy), ("StepFailed", RefusalKind.InvalidResult) }, errors.Select(e => (e.Reason!, e.Kind)));
            Assert.Equal(new object[] { "cluster 12 in segment b", "meg2" }, errors.Select(e => e.Target!));
        }
    }
}
