using EmailGateway.Rules;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Model;
using EmailGateway.Smtp;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    /// <summary>
    /// Each statement of KB80406, walked by hand over the lab transport with GatewayClient
    /// (the same protocol text an SSH session would carry).
    /// </summary>
    public class KB80406ScenarioTests
    {
        private const string Next = "7.6.4 P4";
        private static readonly TimeSpan Update = TimeSpan.FromMinutes(20);
        private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(3);

        [Fact]
        public void Upgrading_the_master_while_the_failover_is_online_yields_MixedBuildOnline()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Update("meg1", Next);
            var report = lab.Report;
            var mixed = Assert.Single(report.ViolationsOf(KbRules.MixedBuild));
            Assert.Contains("meg1", mixed.Nodes);
            Assert.Contains("meg2", mixed.Nodes);
            Assert.True(mixed.IsOpen);
            // ...and the push from the new-build master is "not reflected correctly" on the failover.
            var failover = lab.Status("meg2");
            Assert.Equal(SyncState.Corrupt, failover.Sync);
            Assert.Equal(HeloName.FactoryDefault, failover.Helo);
        }

        [Fact]
        public void Then_taking_the_master_offline_makes_the_failover_serve_the_vip_greeting_scmgateway_and_mail_is_rejected()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Update("meg1", Next);
            var deliveredBefore = lab.Report.DeliveredMessages;
            lab.Offline("meg1");
            lab.Wait(TimeSpan.FromMinutes(1));
            var failover = lab.Status("meg2");
            Assert.True(failover.VrrpActive);
            Assert.Equal("scmgateway", failover.Helo);
            var report = lab.Report;
            Assert.True(report.RejectedDeliveries >= 50, $"rejected {report.RejectedDeliveries}");
            Assert.Single(report.ViolationsOf(KbRules.FallbackGreeting), v => v.Nodes.SequenceEqual(new[] { "meg2" }));
            // The only deliveries after the switch are the master's queue, flushed when it came back; none from meg2.
            Assert.True(report.DeliveredMessages - deliveredBefore <= 5);
        }

        [Fact]
        public void Recipe_A_master_in_place_has_no_violation_and_outage_only_during_the_master_update()
        {
            using var lab = LabHarness.Preset("Healthy");
            // 1. Take the failover and the scanners offline.
            foreach (var node in new[] { "meg2", "meg3", "meg4" }) lab.Offline(node);
            // 2. Upgrade the failover.
            Assert.Equal(SyncState.Stale, lab.Update("meg2", Next).Sync);
            Assert.Equal(0, lab.Report.OutageSeconds);
            // 3. Upgrade the master (service unavailable meanwhile).
            lab.Update("meg1", Next);
            Assert.Equal(Update.TotalSeconds, lab.Report.OutageSeconds, 6); // back at 20 min; the VIP follows after the takeover delay
            // 4. Bring the failover online. 5. Restart it.
            lab.Online("meg2");
            Assert.Equal(SyncState.Stale, lab.Status("meg2").Sync);
            Assert.Equal(SyncState.InSync, lab.Restart("meg2").Sync);
            // 6. Upgrade the scanners. 7. Bring them online.
            foreach (var node in new[] { "meg3", "meg4" }) lab.Update(node, Next);
            foreach (var node in new[] { "meg3", "meg4" }) lab.Online(node);
            lab.Wait(TimeSpan.FromMinutes(2));

            var report = lab.Report;
            LabHarness.NoViolations(report);
            Assert.Equal((Update + Takeover).TotalSeconds, report.OutageSeconds, 6);
            Assert.Equal(0, report.RejectedDeliveries);
            AssertConsistentOn(lab, Next);
        }

        [Theory]
        [InlineData(ClusterMode.Master)]
        [InlineData(ClusterMode.Standalone)]
        public void Recipe_B_failover_promotion_has_no_violation_and_outage_only_at_the_two_switch_overs(ClusterMode interim)
        {
            using var lab = LabHarness.Preset("Healthy");
            // 1. Take the failover and the scanners offline. 2. Upgrade the failover.
            foreach (var node in new[] { "meg2", "meg3", "meg4" }) lab.Offline(node);
            lab.Update("meg2", Next);
            // 3. Make the failover a master, or a standalone appliance that takes the virtual IP as its address.
            lab.Mode("meg2", interim);
            if (interim == ClusterMode.Standalone) lab.SetAddress("meg2", "192.0.2.10");
            Assert.Equal("mail.example.com", lab.Status("meg2").Helo);
            // 4. Take the master offline and bring the failover online (switch-over 1).
            lab.Offline("meg1");
            lab.Online("meg2");
            lab.Wait(Takeover);
            Assert.True(lab.Status("meg2").VrrpActive);
            Assert.Equal(Takeover.TotalSeconds, lab.Report.OutageSeconds, 6);
            // 5. Upgrade the master.
            lab.Update("meg1", Next);
            Assert.Equal(Takeover.TotalSeconds, lab.Report.OutageSeconds, 6);
            // 6. Take the failover offline and bring the master online (switch-over 2).
            lab.Offline("meg2");
            lab.Online("meg1");
            // 7. Change the failover back (and give it back its own address). 8. Online. 9. Restart.
            if (interim == ClusterMode.Standalone) lab.SetAddress("meg2", "192.0.2.12");
            lab.Mode("meg2", ClusterMode.Failover);
            lab.Online("meg2");
            Assert.Equal(SyncState.Stale, lab.Status("meg2").Sync);
            Assert.Equal(SyncState.InSync, lab.Restart("meg2").Sync);
            // 10. Upgrade the scanners. 11. Bring them online.
            foreach (var node in new[] { "meg3", "meg4" }) lab.Update(node, Next);
            foreach (var node in new[] { "meg3", "meg4" }) lab.Online(node);
            lab.Wait(TimeSpan.FromMinutes(2));

            var report = lab.Report;
            LabHarness.NoViolations(report);
            Assert.Equal(2 * Takeover.TotalSeconds, report.OutageSeconds, 6);
            Assert.Equal(0, report.RejectedDeliveries);
            Assert.Equal(6, report.DeferredMessages);
            AssertConsistentOn(lab, Next);
        }

        [Fact]
        public void Skipping_the_failover_restart_leaves_it_stale_and_losing_the_master_then_rejects_mail()
        {
            using var lab = LabHarness.Preset("Healthy");
            foreach (var node in new[] { "meg2", "meg3", "meg4" }) lab.Offline(node);
            lab.Update("meg2", Next);
            lab.Update("meg1", Next);
            lab.Online("meg2");
            // Step 5 (restart the failover) skipped.
            foreach (var node in new[] { "meg3", "meg4" }) lab.Update(node, Next);
            foreach (var node in new[] { "meg3", "meg4" }) lab.Online(node);
            lab.Wait(TimeSpan.FromMinutes(10));
            Assert.Equal(SyncState.Stale, lab.Status("meg2").Sync);
            LabHarness.NoViolations(lab.Report); // nothing shows until the master is lost

            lab.Offline("meg1");
            lab.Wait(TimeSpan.FromMinutes(1));
            var failover = lab.Status("meg2");
            Assert.True(failover.VrrpActive);
            Assert.Equal(HeloName.FactoryDefault, failover.Helo);
            Assert.True(lab.Report.RejectedDeliveries > 0);
            Assert.Single(lab.Report.ViolationsOf(KbRules.FallbackGreeting));
        }

        [Fact]
        public void From_the_KB80406_preset_the_corrupt_failover_cannot_serve_as_interim_master()
        {
            using var lab = LabHarness.Preset("KB80406");
            var failover = lab.Status("meg2");
            Assert.Equal(SyncState.Corrupt, failover.Sync);
            Assert.Equal("scmgateway", failover.Helo);
            Assert.Equal(GatewayBuild.Parse(Next), failover.Build);
            // Recipe B attempted from here: the interim master greets scmgateway and mail is lost.
            lab.Offline("meg2");
            foreach (var node in new[] { "meg3", "meg4" }) lab.Offline(node);
            lab.Mode("meg2", ClusterMode.Master);
            Assert.Equal("scmgateway", lab.Status("meg2").Helo);
            lab.Offline("meg1");
            lab.Online("meg2");
            lab.Wait(TimeSpan.FromMinutes(1));
            Assert.True(lab.Report.RejectedDeliveries > 0);
            Assert.NotEmpty(lab.Report.ViolationsOf(KbRules.FallbackGreeting));
        }

        [Fact]
        public void Workaround_1_a_different_cluster_id_keeps_an_upgraded_node_out_of_the_cluster()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            lab.SetClusterId("meg3", 99);
            lab.Update("meg3", Next);
            lab.Online("meg3");
            lab.Wait(TimeSpan.FromMinutes(5));
            LabHarness.NoViolations(lab.Report);
            Assert.NotEqual(SyncState.Corrupt, lab.Status("meg3").Sync);
        }

        private static void AssertConsistentOn(LabHarness lab, string build)
        {
            var expected = GatewayBuild.Parse(build);
            foreach (var name in lab.World.NodeNames)
            {
                var node = lab.Status(name);
                Assert.Equal(expected, node.Build);
                Assert.Equal(NetworkState.Online, node.NetworkState);
                Assert.Equal(PowerState.Running, node.Power);
                Assert.Equal(node.Mode == ClusterMode.Master ? SyncState.Source : SyncState.InSync, node.Sync);
                Assert.Equal("mail.example.com", node.Helo);
                Assert.Equal(node.Mode == ClusterMode.Master, node.VrrpActive);
            }
            Assert.Equal(ClusterMode.Master, lab.Status("meg1").Mode);
            Assert.Equal(ClusterMode.Failover, lab.Status("meg2").Mode);
        }
    }
}
