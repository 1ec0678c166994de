using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.Fleet;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Execution;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Locking;
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
            Strategy = UpgradeStrategy.FailoverPromotion,
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
    }
}
