using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Smtp;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    /// <summary>The lab's rules (en-US/about_EmailGateway_Lab.help.txt), one at a time.</summary>
    public class LabRulesTests
    {
        private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(3);

        [Fact]
        public void Healthy_preset_master_is_source_members_in_sync_and_master_holds_the_vip()
        {
            using var lab = LabHarness.Preset("Healthy");
            var master = lab.Status("meg1");
            Assert.Equal(SyncState.Source, master.Sync);
            Assert.True(master.VrrpActive);
            foreach (var member in new[] { "meg2", "meg3", "meg4" })
            {
                var node = lab.Status(member);
                Assert.Equal(SyncState.InSync, node.Sync);
                Assert.Equal("mail.example.com", node.Helo);
                Assert.Equal(42, node.ConfigRevision);
                Assert.False(node.VrrpActive);
            }
        }

        [Fact]
        public void A_master_change_of_greeting_is_pushed_live_to_same_build_members()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.SetHelo("meg1", "relay.example.org");
            Assert.Equal(43, lab.Status("meg1").ConfigRevision);
            foreach (var member in new[] { "meg2", "meg3", "meg4" })
            {
                Assert.Equal("relay.example.org", lab.Status(member).Helo);
                Assert.Equal(43, lab.Status(member).ConfigRevision);
            }
        }

        [Fact]
        public void An_offline_member_misses_pushes_and_takes_the_configuration_when_it_rejoins()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            lab.SetHelo("meg1", "relay.example.org");
            Assert.Equal("mail.example.com", lab.Status("meg3").Helo);
            lab.Online("meg3");
            Assert.Equal("relay.example.org", lab.Status("meg3").Helo);
            Assert.Equal(43, lab.Status("meg3").ConfigRevision);
        }

        [Fact]
        public void A_member_of_another_build_beside_the_master_becomes_corrupt_and_greets_scmgateway()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            lab.Update("meg3", "7.6.4 P4");
            Assert.Equal(SyncState.InSync, lab.Status("meg3").Sync);
            lab.Online("meg3");
            var scanner = lab.Status("meg3");
            Assert.Equal(SyncState.Corrupt, scanner.Sync);
            Assert.Equal(HeloName.FactoryDefault, scanner.Helo);
        }

        [Fact]
        public void Corruption_stays_offline_and_through_an_offline_restart_and_is_cured_by_a_restart_beside_a_master_of_its_build()
        {
            using var lab = LabHarness.Preset("KB80406");
            Assert.Equal(SyncState.Corrupt, lab.Status("meg2").Sync);
            lab.Offline("meg2");
            Assert.Equal(SyncState.Corrupt, lab.Status("meg2").Sync);
            lab.Restart("meg2");
            Assert.Equal(SyncState.Corrupt, lab.Status("meg2").Sync);

            // Beside a master of another build a restart does not cure it either.
            lab.Online("meg2");
            lab.Restart("meg2");
            Assert.Equal(SyncState.Corrupt, lab.Status("meg2").Sync);

            // Same build as the master now (P4 on both), online, restarted: cured.
            lab.Offline("meg2");
            lab.Offline("meg3");
            lab.Offline("meg4");
            lab.Update("meg1", "7.6.4 P4");
            lab.Online("meg2");
            Assert.Equal(SyncState.Corrupt, lab.Status("meg2").Sync); // a push alone does not cure it
            var cured = lab.Restart("meg2");
            Assert.Equal(SyncState.InSync, cured.Sync);
            Assert.Equal("mail.example.com", cured.Helo);
            Assert.Equal(42, cured.ConfigRevision);
        }

        [Fact]
        public void An_update_keeps_the_configuration()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg2");
            lab.Offline("meg3");
            lab.Offline("meg4");
            lab.SetHelo("meg1", "relay.example.org");
            var master = lab.Update("meg1", "7.6.4 P4");
            Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), master.Build);
            Assert.Equal("relay.example.org", master.Helo);
            Assert.Equal(43, master.ConfigRevision);
            Assert.Equal(ClusterMode.Master, master.Mode);
            Assert.Equal(12, master.ClusterId);
            Assert.Equal("192.0.2.11", master.Address);
        }

        [Fact]
        public void A_failover_comes_back_from_an_update_stale_and_only_a_restart_beside_a_same_build_master_syncs_it()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg2");
            var failover = lab.Update("meg2", "7.6.4 P4");
            Assert.Equal(SyncState.Stale, failover.Sync);
            Assert.Equal(HeloName.FactoryDefault, failover.Helo);
            Assert.Equal(NetworkState.Offline, failover.NetworkState);

            lab.Offline("meg3");
            lab.Offline("meg4");
            lab.Update("meg1", "7.6.4 P4");
            lab.Online("meg2");
            lab.Wait(TimeSpan.FromMinutes(3)); // periodic pushes do not apply the identity
            Assert.Equal(SyncState.Stale, lab.Status("meg2").Sync);

            var restarted = lab.Restart("meg2");
            Assert.Equal(SyncState.InSync, restarted.Sync);
            Assert.Equal("mail.example.com", restarted.Helo);
        }

        [Fact]
        public void A_mode_change_to_failover_leaves_the_node_stale_until_its_restart()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            lab.Mode("meg3", ClusterMode.Failover, "192.0.2.10");
            Assert.Equal(SyncState.Stale, lab.Status("meg3").Sync);
            lab.Online("meg3");
            Assert.Equal(SyncState.Stale, lab.Status("meg3").Sync);
            Assert.Equal(SyncState.InSync, lab.Restart("meg3").Sync);
        }

        [Fact]
        public void A_scanner_takes_the_push_live_after_a_mode_change()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            lab.Mode("meg3", ClusterMode.Standalone);
            Assert.Equal(SyncState.Source, lab.Status("meg3").Sync);
            lab.Mode("meg3", ClusterMode.Scanner);
            Assert.Equal(SyncState.Stale, lab.Status("meg3").Sync);
            lab.Online("meg3");
            Assert.Equal(SyncState.InSync, lab.Status("meg3").Sync);
        }

        [Fact]
        public void Nodes_in_another_cluster_or_standalone_are_not_part_of_the_segment()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            lab.SetClusterId("meg3", 13);
            lab.Update("meg3", "7.6.4 P4");
            lab.Online("meg3");
            Assert.Equal(SyncState.InSync, lab.Status("meg3").Sync);

            lab.Offline("meg4");
            lab.Mode("meg4", ClusterMode.Standalone);
            lab.Update("meg4", "7.6.4 P4");
            lab.Online("meg4");
            Assert.Equal(SyncState.Source, lab.Status("meg4").Sync);
            Assert.False(lab.Status("meg4").VrrpActive); // its own address is not a virtual IP
            LabHarness.NoViolations(lab.Report);
        }

        [Fact]
        public void The_failover_takes_the_vip_after_the_takeover_delay_and_the_master_preempts_it_at_once()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg1");
            Assert.False(lab.Status("meg2").VrrpActive);
            lab.Wait(Takeover - TimeSpan.FromMilliseconds(1));
            Assert.False(lab.Status("meg2").VrrpActive);
            lab.Wait(TimeSpan.FromMilliseconds(1));
            Assert.True(lab.Status("meg2").VrrpActive);

            lab.Online("meg1");
            Assert.True(lab.Status("meg1").VrrpActive);
            Assert.False(lab.Status("meg2").VrrpActive);
            Assert.Equal(3.0, lab.Report.OutageSeconds, 6);
        }

        [Fact]
        public void A_standalone_node_whose_address_is_the_vip_serves_it()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg2");
            lab.Mode("meg2", ClusterMode.Standalone);
            lab.SetAddress("meg2", "192.0.2.10");
            lab.Offline("meg1");
            lab.Online("meg2");
            lab.Wait(Takeover);
            var standalone = lab.Status("meg2");
            Assert.True(standalone.VrrpActive);
            Assert.Equal("mail.example.com", standalone.Helo);
            lab.Wait(TimeSpan.FromMinutes(1));
            Assert.Equal(0, lab.Report.RejectedDeliveries);
            Assert.True(lab.Report.DeliveredMessages > 50);
        }

        [Fact]
        public void An_updating_node_refuses_commands_as_busy_but_answers_status_and_leaves_the_traffic_network()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg2");
            lab.StartUpdate("meg1", "7.6.4 P4");
            var result = lab.World.Shell.Execute("meg1", "set network offline");
            Assert.Equal(1, result.ExitStatus);
            Assert.StartsWith("error: busy: ", result.StandardError);
            var status = lab.Status("meg1");
            Assert.Equal(PowerState.Updating, status.Power);
            Assert.False(status.VrrpActive);
            Assert.Equal(NetworkState.Online, status.NetworkState);
            lab.Wait(TimeSpan.FromMinutes(1));
            Assert.Equal(60.0, lab.Report.OutageSeconds, 6);
        }

        [Fact]
        public void After_a_reboot_a_node_keeps_its_network_state()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg4");
            Assert.Equal(NetworkState.Online, lab.Restart("meg3").NetworkState);
            Assert.Equal(NetworkState.Offline, lab.Restart("meg4").NetworkState);
            var rebooting = lab.World.Shell.Execute("meg3", "restart");
            Assert.True(rebooting.Succeeded);
            Assert.Equal(PowerState.Rebooting, lab.Status("meg3").Power);
            Assert.StartsWith("error: busy: ", lab.World.Shell.Execute("meg3", "restart").StandardError);
            lab.Wait(TimeSpan.FromMinutes(5));
            Assert.Equal(PowerState.Running, lab.Status("meg3").Power);
        }

        [Fact]
        public void The_master_pushes_every_interval()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Wait(TimeSpan.FromMinutes(3));
            // Pushes change nothing in a healthy cluster, so they leave no sync change in the timeline.
            Assert.DoesNotContain(lab.Report.Timeline, e => e.Text.Contains("sync "));
            // A stale scanner (another cluster's view, same build) is healed by the next periodic push without a membership change.
            using var lab2 = LabHarness.Preset("Healthy");
            lab2.Mode("meg3", ClusterMode.Failover, "192.0.2.10"); // online mode change: stale
            lab2.Mode("meg3", ClusterMode.Scanner);               // still stale, membership unchanged
            Assert.Equal(SyncState.Stale, lab2.Status("meg3").Sync);
            lab2.Wait(TimeSpan.FromSeconds(60));
            Assert.Equal(SyncState.InSync, lab2.Status("meg3").Sync);
        }
    }
}
