using System.Linq;
using EmailGateway.Rules;
using EmailGateway.Lab.Description;
using EmailGateway.Model;
using EmailGateway.Upgrade.Guard;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    public class GuardTests
    {
        private static GuardVerdict Check(string preset, params GuardChange[] changes)
        {
            using var lab = UpgradeHarness.Preset(preset);
            return SegmentGuard.Check(lab.Read().Select(n => new SnapshotNode(n, "lab")).ToList(), changes);
        }

        [Fact]
        public void The_naive_order_updating_the_master_while_the_failover_is_online_is_refused()
        {
            var verdict = Check(LabPresets.Healthy, GuardChange.Update("meg1", UpgradeHarness.Target));
            Assert.False(verdict.Allowed);
            Assert.Contains(verdict.Breaches, b => b.Name == KbRules.MixedBuild.Hazard && b.Nodes.SequenceEqual(new[] { "meg1", "meg2", "meg3", "meg4" }));
            Assert.Contains("KB80406", verdict.Message);
            Assert.Contains("meg1", verdict.Nodes);
            Assert.Contains("meg2", verdict.Nodes);
        }

        [Fact]
        public void From_KB80406_taking_the_master_offline_is_refused_because_the_corrupt_failover_would_serve_as_scmgateway()
        {
            var verdict = Check(LabPresets.KB80406, GuardChange.SetNetwork("meg1", NetworkState.Offline));
            Assert.False(verdict.Allowed);
            var breach = Assert.Single(verdict.Breaches);
            Assert.Equal(KbRules.FallbackGreeting.Hazard, breach.Name);
            Assert.Equal(new[] { "meg2" }, breach.Nodes);
            Assert.Contains("scmgateway", verdict.Message);
        }

        [Fact]
        public void From_KB80406_updating_the_master_in_place_is_refused_while_the_failover_is_online()
        {
            var verdict = Check(LabPresets.KB80406, GuardChange.Update("meg1", UpgradeHarness.Target));
            Assert.False(verdict.Allowed);
            Assert.Contains(verdict.Breaches, b => b.Name == KbRules.FallbackGreeting.Hazard);
        }

        [Fact]
        public void Taking_the_odd_failover_offline_is_allowed_although_the_segment_is_mixed_now()
        {
            var verdict = Check(LabPresets.KB80406, GuardChange.SetNetwork("meg2", NetworkState.Offline));
            Assert.True(verdict.Allowed, verdict.Message);
            Assert.NotEmpty(verdict.Existing);
        }

        [Fact]
        public void A_scanner_leaving_a_mixed_segment_adds_nothing()
        {
            Assert.True(Check(LabPresets.KB80406, GuardChange.SetNetwork("meg3", NetworkState.Offline)).Allowed);
        }

        [Fact]
        public void Bringing_an_upgraded_node_back_beside_the_old_master_is_refused()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var nodes = lab.Read().Select(n => new SnapshotNode(n, "lab")).ToList();
            var offline = nodes.Select(n => n.Name == "meg2" ? n.With(x => x.NetworkState = NetworkState.Offline) : n).ToList();
            var verdict = SegmentGuard.Check(offline, new[] { GuardChange.SetNetwork("meg2", NetworkState.Online) });
            Assert.False(verdict.Allowed);
            Assert.Contains(verdict.Breaches, b => b.Name == KbRules.MixedBuild.Hazard && b.Nodes.Contains("meg2"));
        }

        [Fact]
        public void Changing_the_cluster_id_so_that_a_node_joins_a_segment_of_another_build_is_refused()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var nodes = lab.Read().Select(n => new SnapshotNode(n, "lab")).ToList();
            var moved = nodes.Select(n => n.Name == "meg2" ? n.With(x => x.ClusterId = 99) : n).ToList();
            Assert.DoesNotContain(SegmentGuard.Hazards(moved), b => b.Name == KbRules.MixedBuild.Hazard && b.Nodes.Contains("meg2"));
            var verdict = SegmentGuard.Check(moved, new[] { GuardChange.SetClusterId("meg2", new ClusterId(12)) });
            Assert.False(verdict.Allowed);
        }

        [Fact]
        public void A_second_master_or_a_second_holder_of_the_virtual_ip_is_refused()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var nodes = lab.Read().Select(n => new SnapshotNode(n, "lab")).ToList();
            var master = SegmentGuard.Check(nodes, new[] { GuardChange.SetMode("meg2", ClusterMode.Master) });
            Assert.Contains(master.Breaches, b => b.Name == KbRules.MultipleMasters.Hazard);
            var standalone = SegmentGuard.Check(nodes, new[] { GuardChange.SetMode("meg3", ClusterMode.Standalone), GuardChange.SetAddress("meg3", "192.0.2.10") });
            Assert.Contains(standalone.Breaches, b => b.Name == KbRules.VirtualIpConflict.Hazard);
        }

        [Fact]
        public void Nodes_of_different_labs_never_form_one_segment()
        {
            using var a = UpgradeHarness.Preset(LabPresets.Healthy);
            using var b = UpgradeHarness.Preset(LabPresets.KB80406);
            var nodes = a.Read().Select(n => new SnapshotNode(n, "A"))
                .Concat(b.Read().Select(n => { n.ComputerName = "b-" + n.ComputerName; return new SnapshotNode(n, "B"); })).ToList();
            Assert.True(SegmentGuard.Check(nodes, new[] { GuardChange.SetNetwork("b-meg2", NetworkState.Offline) }).Allowed);
            Assert.DoesNotContain(SegmentGuard.Hazards(nodes), x => x.Nodes.Contains("meg1") && x.Nodes.Contains("b-meg2"));
        }
    }
}
