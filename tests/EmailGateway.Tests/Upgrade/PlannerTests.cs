using System;
using System.Linq;
using EmailGateway.Lab.Description;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Planning;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    public class PlannerTests
    {
        [Fact]
        public void From_KB80406_FailoverPromotion_without_repair_is_refused_and_says_why_and_what_works()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion);
            Assert.False(plan.IsRunnable);
            var check = Assert.Single(plan.FailedChecks);
            Assert.Equal("StrategySafe", check.Name);
            Assert.Contains("corrupt", check.Reason);
            Assert.Contains("scmgateway", check.Reason);
            Assert.Contains("-RepairInterim", check.Remedy);
            Assert.Contains("MasterInPlace", check.Remedy);
            Assert.NotEmpty(plan.Steps);
        }

        [Fact]
        public void From_KB80406_the_preflight_calls_the_cluster_consistently_mid_upgrade()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var check = lab.Plan(UpgradeRecipe.MasterInPlace).Preflight.Single(c => c.Name == "Consistent");
            Assert.True(check.Passed);
            Assert.StartsWith("consistently mid-upgrade", check.Reason);
            Assert.Contains("meg2", check.Reason);
        }

        [Fact]
        public void With_repair_the_plan_reseeds_the_greeting_offline_before_the_failover_serves()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            Assert.True(plan.IsRunnable);
            Assert.True(plan.RepairsInterim);
            var repair = plan.Steps.Single(s => s.Action == UpgradeAction.SetGreeting);
            Assert.Equal("B.3r", repair.KbStep);
            Assert.Equal("mail.example.com", repair.Greeting);
            var switchover = plan.Steps.First(s => s.Action == UpgradeAction.Switchover);
            Assert.True(repair.Index < switchover.Index);
            Assert.Equal(NetworkState.Offline, repair.ExpectedAfterFor("meg2")!.Network);
        }

        [Fact]
        public void A_healthy_failover_needs_no_repair()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            Assert.False(plan.RepairsInterim);
            Assert.DoesNotContain(plan.Steps, s => s.Action == UpgradeAction.SetGreeting);
        }

        [Theory]
        [InlineData(UpgradeRecipe.MasterInPlace, InterimMode.Master, "A.1,A.1,A.2,A.3,A.4,A.5,A.6,A.7")]
        [InlineData(UpgradeRecipe.FailoverPromotion, InterimMode.Master, "B.1,B.1,B.2,B.3,B.4,B.5,B.6,B.6,B.7,B.8,B.9,B.10,B.11")]
        [InlineData(UpgradeRecipe.FailoverPromotion, InterimMode.Standalone, "B.1,B.1,B.2,B.3,B.3,B.4,B.5,B.6,B.6,B.7,B.8,B.9,B.10,B.11")]
        public void Steps_follow_the_KB_recipe(UpgradeRecipe strategy, InterimMode interim, string kbSteps)
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(strategy, interim);
            Assert.True(plan.IsRunnable, string.Join("; ", plan.FailedChecks));
            Assert.Equal(kbSteps, string.Join(",", plan.Steps.Select(s => s.KbStep)));
            Assert.Equal(Enumerable.Range(1, plan.Steps.Count), plan.Steps.Select(s => s.Index));
            Assert.All(plan.Steps, s => Assert.NotEmpty(s.GateText));
        }

        [Fact]
        public void Expected_outage_is_the_masters_update_for_recipe_A_and_two_takeovers_for_recipe_B()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            Assert.Equal(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(3), lab.Plan(UpgradeRecipe.MasterInPlace).ExpectedOutage);
            Assert.Equal(TimeSpan.FromSeconds(6), lab.Plan(UpgradeRecipe.FailoverPromotion).ExpectedOutage);
        }

        [Fact]
        public void Scanner_batches_follow_the_batch_size()
        {
            using var lab = UpgradeHarness.Cluster(scanners: 5);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace, batchSize: 2);
            var batches = plan.Steps.Where(s => s.KbStep == "A.6").ToList();
            Assert.Equal(new[] { 2, 2, 1 }, batches.Select(b => b.Targets.Count));
            Assert.Equal(new[] { 1, 2, 3 }, batches.Select(b => b.Batch));
        }

        [Fact]
        public void Every_failed_check_is_listed_with_its_reason()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var nodes = lab.Read().ToList();
            nodes[1].Mode = ClusterMode.Master;
            var context = new PreflightContext { RunLockHolder = "process 1 on host" };
            context.Unreachable["meg9"] = "unreachable: no answer";
            var plan = UpgradePlanner.Create(new UpgradeRequest(GatewayBuild.Parse("7.6.4 P2"), UpgradeRecipe.MasterInPlace) { Product = "EWS" }, nodes, context);
            var failed = plan.FailedChecks.Select(c => c.Name).ToList();
            Assert.Contains("Reachable", failed);
            Assert.Contains("OneMaster", failed);
            Assert.Contains("SameProduct", failed);
            Assert.Contains("TargetBuild", failed);
            Assert.Contains("NoRunLock", failed);
            Assert.All(plan.FailedChecks, c => { Assert.False(string.IsNullOrWhiteSpace(c.Reason)); Assert.False(string.IsNullOrWhiteSpace(c.Remedy)); });
            Assert.Empty(plan.Steps);
            Assert.False(plan.IsRunnable);
        }

        [Fact]
        public void FailoverPromotion_needs_a_failover()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var nodes = lab.Read().Where(n => n.Mode != ClusterMode.Failover).ToList();
            var plan = UpgradePlanner.Create(new UpgradeRequest(UpgradeHarness.Target, UpgradeRecipe.FailoverPromotion), nodes);
            var check = plan.FailedChecks.Single();
            Assert.Equal("StrategySafe", check.Name);
            Assert.Contains("MasterInPlace", check.Remedy);
        }
    }
}
