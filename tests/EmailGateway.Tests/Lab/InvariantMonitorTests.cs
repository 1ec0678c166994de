using EmailGateway.Rules;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Model;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    public class InvariantMonitorTests
    {
        [Fact]
        public void MixedBuildOnline_is_recorded_from_the_start_of_the_KB80406_preset_until_the_failover_leaves()
        {
            using var lab = LabHarness.Preset("KB80406");
            var start = lab.World.Now;
            lab.Wait(TimeSpan.FromMinutes(2));
            lab.Offline("meg2");
            var violation = Assert.Single(lab.Report.ViolationsOf(KbRules.MixedBuild));
            Assert.Equal(new[] { "meg1", "meg2", "meg3", "meg4" }, violation.Nodes);
            Assert.Equal(start, violation.From);
            Assert.Equal(start + TimeSpan.FromMinutes(2), violation.To);
            Assert.Contains("7.6.4 P4", violation.Detail);
        }

        [Fact]
        public void A_prefixed_report_names_nodes_with_the_prefix_in_node_lists_details_and_timeline_but_not_inside_host_names()
        {
            using var lab = LabHarness.Preset("KB80406");
            var report = lab.Report.WithNodePrefix("k2-", lab.World.NodeNames);
            var violation = Assert.Single(report.ViolationsOf(KbRules.MixedBuild));
            Assert.Equal(new[] { "k2-meg1", "k2-meg2", "k2-meg3", "k2-meg4" }, violation.Nodes);
            Assert.Contains("7.6.4 P3 on k2-meg1, k2-meg3, k2-meg4; 7.6.4 P4 on k2-meg2.", violation.Detail);
            Assert.Contains(report.Timeline, e => e.Text == "lab starts with 4 node(s): k2-meg1, k2-meg2, k2-meg3, k2-meg4");
            Assert.Contains(report.Timeline, e => e.Text.StartsWith("k2-meg1: serves 192.0.2.10"));
            var plain = lab.Report;
            Assert.Same(plain, plain.WithNodePrefix("", lab.World.NodeNames));
        }

        [Theory]
        [InlineData("meg1 and meg12 greet as meg1.example.com", "k2-meg1 and k2-meg12 greet as meg1.example.com")]
        [InlineData("s-meg1, xmeg1, meg1-old; meg1.", "s-meg1, xmeg1, meg1-old; k2-meg1.")]
        public void A_prefix_goes_before_whole_node_names_only(string text, string expected)
        {
            var report = new LabReport { Timeline = new[] { new LabTimelineEntry(DateTimeOffset.UnixEpoch, text) } };
            Assert.Equal(expected, report.WithNodePrefix("k2-", new[] { "meg1", "meg12" }).Timeline[0].Text);
        }

        [Fact]
        public void MultipleMasters_and_VirtualIpConflict_when_a_second_master_goes_online()
        {
            using var lab = LabHarness.Preset("Healthy");
            var start = lab.World.Now;
            lab.Mode("meg2", ClusterMode.Master);
            lab.Wait(TimeSpan.FromSeconds(10));
            var report = lab.Report;
            var masters = Assert.Single(report.ViolationsOf(KbRules.MultipleMasters));
            Assert.Equal(new[] { "meg1", "meg2" }, masters.Nodes);
            Assert.Equal(start, masters.From);
            Assert.True(masters.IsOpen);
            var conflict = Assert.Single(report.ViolationsOf(KbRules.VirtualIpConflict));
            Assert.Equal(start + TimeSpan.FromSeconds(3), conflict.From);
            Assert.Equal(new[] { "meg1", "meg2" }, conflict.Nodes);
        }

        [Fact]
        public void VirtualIpConflict_when_a_standalone_node_takes_the_vip_beside_the_master()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg4");
            lab.Mode("meg4", ClusterMode.Standalone);
            lab.SetAddress("meg4", "192.0.2.10");
            lab.Online("meg4");
            lab.Wait(TimeSpan.FromSeconds(5));
            lab.Offline("meg4");
            var conflict = Assert.Single(lab.Report.ViolationsOf(KbRules.VirtualIpConflict));
            Assert.Equal(new[] { "meg1", "meg4" }, conflict.Nodes);
            // The static address answers as soon as the interface is up: the conflict lasts the whole 5 s.
            Assert.Equal(TimeSpan.FromSeconds(5), conflict.To - conflict.From);
            Assert.Contains(lab.Report.Timeline, e => e.Text.StartsWith("meg4: serves 192.0.2.10"));
        }

        [Fact]
        public void VirtualIpConflict_when_a_member_uses_the_vip_as_its_own_address()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.SetAddress("meg3", "192.0.2.10");
            var conflict = Assert.Single(lab.Report.ViolationsOf(KbRules.VirtualIpConflict));
            Assert.Equal(new[] { "meg1", "meg3" }, conflict.Nodes);
        }

        [Fact]
        public void BadGreetingActive_while_a_node_greeting_scmgateway_serves_the_vip()
        {
            using var lab = LabHarness.Preset("KB80406");
            var start = lab.World.Now;
            lab.Offline("meg1");
            lab.Wait(TimeSpan.FromSeconds(30));
            lab.Online("meg1");
            var bad = Assert.Single(lab.Report.ViolationsOf(KbRules.FallbackGreeting));
            Assert.Equal(new[] { "meg2" }, bad.Nodes);
            Assert.Equal(start + TimeSpan.FromSeconds(3), bad.From);
            Assert.Equal(start + TimeSpan.FromSeconds(30), bad.To);
            Assert.Contains("scmgateway", bad.Detail);
        }

        [Fact]
        public void Violations_and_their_ends_appear_in_the_timeline()
        {
            using var lab = LabHarness.Preset("KB80406");
            lab.Offline("meg2");
            var texts = lab.Report.Timeline.Select(e => e.Text).ToList();
            Assert.Contains(texts, t => t.StartsWith("violation MixedBuildOnline begins [meg1, meg2, meg3, meg4]"));
            Assert.Contains(texts, t => t.StartsWith("violation MixedBuildOnline ends [meg1, meg2, meg3, meg4]"));
        }

        [Fact]
        public void A_healthy_lab_left_alone_records_no_violation()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Wait(TimeSpan.FromHours(2));
            LabHarness.NoViolations(lab.Report);
            Assert.Equal(0, lab.Report.OutageSeconds);
        }
    }
}
