using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.DesiredState;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.Fleet;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Lab.World;
using EmailGateway.Consistency;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>Rollouts over the Fleet lab: every site its own segment with the same cluster id, some in the KB80406 state, one failing its update.</summary>
    public sealed class FleetLabTests : IDisposable
    {
        private static readonly GatewayBuild Target = GatewayBuild.Parse(LabPresets.NextBuild);
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "eg-fleet-tests", Guid.NewGuid().ToString("N"));
        private readonly UpdatePackage _package;

        public FleetLabTests()
        {
            Directory.CreateDirectory(_folder);
            _package = UpdatePackage.Create(Path.Combine(_folder, "meg-7.6.4-P4.pkg"), "MEG", Target, 2048);
        }

        public void Dispose()
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }

        private static UpgradeRequest Request() =>
            new UpgradeRequest(Target, UpgradeRecipe.FailoverPromotion) { RepairInterim = true, Product = "MEG" };

        /// <summary>Every node as a session in its site's segment reads it.</summary>
        private static IReadOnlyList<GatewayNode> Read(LabFleet fleet) =>
            fleet.Segments.SelectMany(w => w.GetStatuses().Select(n => { n.Segment = w.Settings.Segment ?? string.Empty; return n; })).ToList();

        private string JournalOf(ClusterKey cluster) => Path.Combine(_folder, cluster.FileStem + ".journal.yaml");

        /// <summary>Runs one cluster of the lab as the module does: its own clients, journal and mail account.</summary>
        private Func<FleetMember, int, CancellationToken, Task<ClusterOutcome>> Runs(LabFleet fleet) => async (member, slot, token) =>
        {
            var plan = member.Plan!;
            var world = fleet.WorldOf(plan.Master!);
            var clients = plan.Nodes.ToDictionary(n => n.ComputerName, n => new GatewayClient(world.CreateTransport(n.ComputerName)), StringComparer.OrdinalIgnoreCase);
            var journal = UpgradeJournal.Create(JournalOf(member.Cluster), plan, _package.Path, _package.Sha256, world.Now);
            var orchestrator = new UpgradeOrchestrator(plan, clients, _package, UpgradeHarness.FastOptions(), null, journal, new LabServiceAccount(world), "lab");
            return ClusterOutcome.Ran(await orchestrator.RunAsync(1, false, token).ConfigureAwait(false));
        };

        [Fact]
        public void Nodes_of_many_sites_with_one_cluster_id_make_one_plan_per_site()
        {
            var fleet = FleetPreset.Create(new FleetPresetSize { Sites = 6, ScannersPerSite = 1 });
            var plan = FleetPlanner.Plan(Request(), Read(fleet));
            Assert.Equal(Enumerable.Range(1, 6).Select(FleetPreset.SiteName), plan.Members.Select(m => m.Cluster.Segment));
            Assert.All(plan.Members, m => Assert.Equal(12, m.Cluster.Id.Value));
            Assert.All(plan.Plans, p => Assert.Equal(3, p.Nodes.Count));
            Assert.All(plan.Members, m => Assert.True(m.Refusal is null, m.Refusal));
            Assert.Equal("s003-meg2", plan.Members[2].Plan!.Failover);
            Assert.True(plan.Members[2].Plan!.RepairsInterim);
            Assert.Empty(plan.Unplaced);
        }

        [Fact]
        public void A_node_that_does_not_answer_fails_the_preflight_of_its_own_cluster_only()
        {
            var fleet = FleetPreset.Create(new FleetPresetSize { Sites = 3, ScannersPerSite = 1 });
            var nodes = Read(fleet).Where(n => n.ComputerName != "s002-meg3").ToList();
            var unread = new[]
            {
                new UnreadNode("s002-meg3", "connection refused", new ClusterKey("site-002", new ClusterId(12))),
                new UnreadNode("mystery", "timed out"),
            };
            var plan = FleetPlanner.Plan(Request(), nodes, unread, cluster => cluster.Segment == "site-003" ? "alice on jump1" : null);
            Assert.Null(plan.Members[0].Refusal);
            Assert.Contains("Reachable: no answer from s002-meg3 (connection refused)", plan.Members[1].Refusal);
            Assert.Contains("NoRunLock", plan.Members[2].Refusal);
            Assert.Equal("mystery", Assert.Single(plan.Unplaced).Name);
        }

        [Fact]
        public void A_site_already_on_the_target_is_current()
        {
            var fleet = FleetPreset.Create(new FleetPresetSize { Sites = 1, ScannersPerSite = 0 });
            var nodes = Read(fleet).Select(n => { var c = n.Clone(); c.Build = Target; return c; }).ToList();
            var member = Assert.Single(FleetPlanner.Plan(Request(), nodes).Members);
            Assert.True(member.IsCurrent);
        }

        [Fact]
        public async Task The_fleet_lab_upgrades_end_to_end_and_the_failing_site_stops_safe_and_resumes()
        {
            var fleet = FleetPreset.Create(new FleetPresetSize { Sites = 8, ScannersPerSite = 1 });
            var plan = FleetPlanner.Plan(Request(), Read(fleet));
            var report = await new FleetRollout(new FleetPolicy { ClusterThrottleLimit = 4, CanaryCount = 1, MaxFailedClusters = 2 })
                .RunAsync(plan.Members, Runs(fleet), CancellationToken.None);

            var failing = FleetPreset.SiteName(FleetPreset.FailingSite);
            Assert.Equal(FleetResult.Failed, report.Result);
            Assert.Equal((7, 1, 0), (report.Upgraded, report.Failed, report.NotStarted));
            var failed = report.Clusters.Single(c => c.State == FleetClusterState.Failed);
            Assert.Equal(failing, failed.Segment);
            // The node's words and the remedy read as two sentences.
            Assert.Contains($"the update did not install. {FleetPreset.NodeName(FleetPreset.FailingSite, 2)} came back on its old build;", failed.Reason);
            Assert.Equal(0, report.RejectedDeliveries);
            // FailoverPromotion: at most two takeovers of outage per cluster.
            Assert.All(report.Clusters.Where(c => c.State == FleetClusterState.Upgraded), c => Assert.InRange(c.OutageSeconds!.Value, 0, 2 * 3 + 1));
            foreach (var world in fleet.Segments.Where(w => w.Settings.Segment != failing))
            {
                Assert.All(world.GetStatuses(), n => Assert.Equal(Target, n.Build));
                Assert.All(new ConsistencyChecker().Check(world.GetStatuses()), r => Assert.True(r.InDesiredState, string.Join("; ", r.Findings)));
            }
            var stopped = fleet.Segments.Single(w => w.Settings.Segment == failing);
            Assert.Contains(stopped.GetStatuses(), n => n.Mode == ClusterMode.Master && n.IsOnline);
            Assert.DoesNotContain(stopped.GetReport().Violations, v => v.Name != "MixedBuildOnline");

            // The fault cleared, the failing site resumes from its own journal.
            stopped.ClearFaults(FleetPreset.NodeName(FleetPreset.FailingSite, 2));
            var cluster = new ClusterKey(failing, new ClusterId(12));
            var journal = UpgradeJournal.Load(JournalOf(cluster));
            var clients = stopped.NodeNames.ToDictionary(n => n, n => new GatewayClient(stopped.CreateTransport(n)), StringComparer.OrdinalIgnoreCase);
            var orchestrator = new UpgradeOrchestrator(journal.ToPlan(), clients, _package, UpgradeHarness.FastOptions(), null, journal, new LabServiceAccount(stopped), "lab");
            var settled = await orchestrator.WaitUntilSettledAsync(CancellationToken.None);
            var point = ResumePoint.Find(journal.ToPlan(), settled, journal.LastCompletedStep);
            Assert.True(point.Found, point.Reason);
            var resumed = await orchestrator.RunAsync(point.NextStep, resumed: true, CancellationToken.None);
            Assert.Equal(UpgradeResult.Succeeded, resumed.Result);
            Assert.All(stopped.GetStatuses(), n => Assert.Equal(Target, n.Build));
        }

        [Fact]
        public async Task A_rollout_to_a_desired_state_upgrades_only_what_differs_and_a_second_run_does_nothing()
        {
            var fleet = FleetPreset.Create(new FleetPresetSize { Sites = 5, ScannersPerSite = 0 });
            var desired = DesiredStateDocument.Parse(
                "clusters:\n" +
                "  - { segment: site-001, clusterId: 12, build: 7.6.4 P3 }\n" +  // stays where it is
                "  - { segment: site-004, clusterId: 12, build: 7.6.4 P5 }\n" +  // another package's build
                "  - { segment: 'site-00?', clusterId: 12, build: 7.6.4 P4 }\n" +
                "  - { segment: site-0010, clusterId: 12, build: 7.6.4 P4 }\n", "fleet.yaml");
            var first = FleetPlanner.Plan(Request(), Read(fleet).Where(n => n.Segment != "site-002").ToList(), desired: desired);
            Assert.Equal(new[] { "site-001", "site-003", "site-004", "site-005" }, first.Members.Select(m => m.Cluster.Segment));
            Assert.True(first.Members[0].IsCurrent);
            Assert.Equal("DesiredBuildDiffers", first.Members[2].RefusalId);
            Assert.Contains("should run 7.6.4 P5 (fleet.yaml)", first.Members[2].Refusal);
            var report = await new FleetRollout(new FleetPolicy()).RunAsync(first.Members, Runs(fleet), CancellationToken.None);
            Assert.Equal((2, 1, 1), (report.Upgraded, report.Current, report.Skipped));

            var again = FleetPlanner.Plan(Request(), Read(fleet).Where(n => n.Segment != "site-002" && n.Segment != "site-004").ToList(), desired: desired);
            Assert.True(again.NothingToDo);
            var unchanged = fleet.Segments.Select(w => w.Elapsed).ToList();
            var noop = await new FleetRollout(new FleetPolicy()).RunAsync(again.Members, Runs(fleet), CancellationToken.None);
            Assert.Equal((0, 3, FleetResult.Succeeded), (noop.Upgraded, noop.Current, noop.Result));
            Assert.Equal(unchanged, fleet.Segments.Select(w => w.Elapsed));

            var governed = FleetPlanner.Plan(Request(), Read(fleet), desired: DesiredStateDocument.Parse("clusters:\n  - { segment: site-001, clusterId: 12, build: 7.6.4 P4 }\n", "one.yaml"));
            Assert.Equal(4, governed.NotGoverned.Count);
            Assert.Equal("site-001", Assert.Single(governed.Members).Cluster.Segment);
        }

        [Fact]
        public async Task Five_at_once_shortens_the_window_of_a_fleet_to_about_a_fifth()
        {
            var one = await Rollout(1);
            var five = await Rollout(5);
            Assert.Equal(10, one.Upgraded);
            Assert.Equal(10, five.Upgraded);
            Assert.InRange(five.WindowSeconds / one.WindowSeconds, 0.15, 0.3);

            async Task<FleetReport> Rollout(int throttle)
            {
                var fleet = FleetPreset.Create(new FleetPresetSize { Sites = 11, ScannersPerSite = 1 });
                var members = FleetPlanner.Plan(Request(), Read(fleet)).Members.Where(m => m.Cluster.Segment != FleetPreset.SiteName(FleetPreset.FailingSite)).ToList();
                return await new FleetRollout(new FleetPolicy { ClusterThrottleLimit = throttle }).RunAsync(members, Runs(fleet), CancellationToken.None);
            }
        }
    }
}
