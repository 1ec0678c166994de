using EmailGateway.Lab.Description;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    public class LabDescriptionTests
    {
        private const string Minimal = @"settings:
  name: small
  virtualIp: 198.51.100.10
  mailPerSecond: 2
  timings: { update: 10m, restart: 90s, vrrpTakeover: 1s, configPush: 00:00:30, queueHold: 2s }
nodes:
  - name: a
    hostname: a.example.net
    build: 8.0.1 P1 HF3
    mode: master
    clusterId: 5
  - name: b
    build: 8.0.1 P1 HF3
    mode: scanner
    clusterId: 5
    network: offline
";

        [Fact]
        public void A_description_gives_settings_timings_and_defaults()
        {
            var world = LabWorld.FromYaml(Minimal);
            var settings = world.Settings;
            Assert.Equal("small", world.Name);
            Assert.Equal("198.51.100.10", settings.VirtualIp);
            Assert.Equal(2.0, settings.MailPerSecond);
            Assert.Equal(TimeSpan.FromMinutes(10), settings.Timings.Update);
            Assert.Equal(TimeSpan.FromSeconds(90), settings.Timings.Restart);
            Assert.Equal(TimeSpan.FromSeconds(1), settings.Timings.VrrpTakeover);
            Assert.Equal(TimeSpan.FromSeconds(30), settings.Timings.ConfigPushInterval);
            Assert.Equal(TimeSpan.FromSeconds(2), settings.Timings.QueueHold);

            var master = world.GetStatus("a");
            Assert.Equal("198.51.100.10", master.VirtualIp); // from settings
            Assert.Equal(SyncState.Source, master.Sync);
            Assert.Equal("MEG", master.Product);
            Assert.Equal(GatewayBuild.Parse("8.0.1 P1 HF3"), master.Build);
            Assert.True(master.VrrpActive);
            Assert.Equal("a.example.net", master.Helo); // the greeting defaults to the hostname
            var scanner = world.GetStatus("b");
            Assert.Equal(NetworkState.Offline, scanner.NetworkState);
            Assert.Equal(SyncState.InSync, scanner.Sync);

            world.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(16, world.GetReport().DeliveredMessages); // 20 arrivals at 2/s, last 4 still held for 2 s
        }

        [Fact]
        public void A_node_whose_hostname_is_a_bare_name_greets_with_it_and_is_rejected()
        {
            var world = LabWorld.FromYaml("nodes:\n  - { name: a, build: 7.6.4, mode: master, clusterId: 1 }\n");
            Assert.Equal("a", world.GetStatus("a").Helo);
            world.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(5, world.GetReport().RejectedDeliveries);
            Assert.Single(world.GetReport().ViolationsNamed("BadGreetingActive"));
        }

        [Fact]
        public void The_Healthy_preset_is_the_design_cluster()
        {
            var world = LabWorld.FromPreset("healthy");
            Assert.Equal(new[] { "meg1", "meg2", "meg3", "meg4" }, world.NodeNames);
            var modes = world.GetStatuses().Select(n => n.Mode).ToArray();
            Assert.Equal(new[] { ClusterMode.Master, ClusterMode.Failover, ClusterMode.Scanner, ClusterMode.Scanner }, modes);
            Assert.All(world.GetStatuses(), n =>
            {
                Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), n.Build);
                Assert.Equal(12, n.ClusterId);
                Assert.Equal(n.ComputerName + ".example.com", n.Hostname);
                Assert.Equal(NetworkState.Online, n.NetworkState);
            });
            Assert.Equal(new[] { "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14" }, world.GetStatuses().Select(n => n.Address).ToArray());
            Assert.Empty(world.GetReport().Violations);
        }

        [Fact]
        public void The_KB80406_preset_has_the_failover_on_the_next_patch_corrupt_and_greeting_scmgateway()
        {
            var world = LabWorld.FromPreset("KB80406");
            var failover = world.GetStatus("meg2");
            Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), failover.Build);
            Assert.Equal(NetworkState.Online, failover.NetworkState);
            Assert.Equal(SyncState.Corrupt, failover.Sync);
            Assert.Equal("scmgateway", failover.Helo);
            Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), world.GetStatus("meg1").Build);
            Assert.Single(world.GetReport().Violations, v => v.Name == "MixedBuildOnline");
        }

        [Fact]
        public void An_unknown_preset_names_the_presets()
        {
            var error = Assert.Throws<ArgumentException>(() => LabWorld.FromPreset("Broken"));
            Assert.Contains("Healthy, KB80406", error.Message);
        }

        [Theory]
        [InlineData("nodes: [ { name: a, build: 7.6.4, mode: master\n", 2, "", "not valid YAML")]
        [InlineData("settings: { name: x }\n", 1, "nodes", "no 'nodes' list")]
        [InlineData("nodes: []\n", 1, "nodes", "one or more nodes")]
        [InlineData("nodes:\n  - name: a\n    build: 7.6.x\n    mode: master\n", 3, "nodes[0] (a).build", "'7.6.x' is not a build")]
        [InlineData("nodes:\n  - name: a\n    build: 7.6.4\n    mode: boss\n", 4, "nodes[0] (a).mode", "'boss' is not a cluster mode")]
        [InlineData("nodes:\n  - name: a\n    build: 7.6.4\n    mode: scanner\n    clusterId: 256\n", 5, "nodes[0] (a).clusterId", "'256' is not a cluster identifier")]
        [InlineData("nodes:\n  - name: a\n    mode: scanner\n", 2, "nodes[0].build", "is required")]
        [InlineData("nodes:\n  - name: a\n    build: 7.6.4\n    mode: scanner\n    colour: blue\n", 5, "nodes[0].colour", "unknown key")]
        [InlineData("nodes:\n  - { name: a, build: 7.6.4, mode: scanner }\n  - { name: A, build: 7.6.4, mode: scanner }\n", 3, "nodes[1].name", "a second node is named 'A'")]
        [InlineData("nodes:\n  - { name: a, build: 7.6.4, mode: master, sync: in-sync }\n", 2, "nodes[0] (a).sync", "use 'source'")]
        [InlineData("nodes:\n  - { name: a, build: 7.6.4, mode: scanner, address: 192.0.2.300 }\n", 2, "nodes[0] (a).address", "not an IP address")]
        [InlineData("settings:\n  virtualIp: ''\nnodes:\n  - { name: a, build: 7.6.4, mode: master }\n", 4, "nodes[0] (a).virtualIp", "needs a virtual IP")]
        [InlineData("settings:\n  timings:\n    update: soon\nnodes:\n  - { name: a, build: 7.6.4, mode: master }\n", 3, "settings.timings.update", "'soon' is not a duration")]
        [InlineData("settings:\n  timings:\n    restart: 0s\nnodes:\n  - { name: a, build: 7.6.4, mode: master }\n", 3, "settings.timings.restart", "longer than zero")]
        [InlineData("settings:\n  mailPerSecond: lots\nnodes:\n  - { name: a, build: 7.6.4, mode: master }\n", 2, "settings.mailPerSecond", "not a number")]
        [InlineData("- just\n- a list\n", 1, "", "expected a mapping")]
        public void Bad_descriptions_name_the_line_and_the_field(string yaml, int line, string field, string problem)
        {
            var error = Assert.Throws<LabDescriptionException>(() => LabWorld.FromYaml(yaml, "test.yaml"));
            Assert.Equal("test.yaml", error.SourceName);
            Assert.Equal(line, error.Line);
            Assert.Equal(field, error.Field);
            Assert.Contains(problem, error.Message);
            Assert.StartsWith($"test.yaml, line {line}: ", error.Message);
        }

        [Fact]
        public void A_missing_description_file_is_a_clear_error()
        {
            var error = Assert.Throws<FileNotFoundException>(() => LabWorld.FromYamlFile("/nonexistent/lab.yaml"));
            Assert.Contains("/nonexistent/lab.yaml", error.Message);
        }

        [Fact]
        public void The_preset_text_is_a_description_a_user_can_edit()
        {
            var yaml = LabPresets.Yaml("KB80406").Replace("update: 20m", "update: 7m");
            var world = LabWorld.FromYaml(yaml);
            Assert.Equal(TimeSpan.FromMinutes(7), world.Settings.Timings.Update);
            Assert.Equal(SyncState.Corrupt, world.GetStatus("meg2").Sync);
        }

        [Theory]
        [InlineData("20m", 1200)]
        [InlineData("90s", 90)]
        [InlineData("1h30m", 5400)]
        [InlineData("500ms", 0.5)]
        [InlineData("00:20:00", 1200)]
        [InlineData("45", 45)]
        public void Durations_read_as_people_write_them(string text, double seconds)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));
        }
    }
}
