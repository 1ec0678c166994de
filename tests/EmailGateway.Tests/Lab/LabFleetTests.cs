using Xunit;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.Fleet;
using EmailGateway.Lab.World;
using EmailGateway.Consistency;
using EmailGateway.Model;
using EmailGateway.Rules;

namespace EmailGateway.Tests.Lab;

public sealed class LabFleetTests
{
    private const string TwoSites = """
        settings: { name: two-sites, timings: { update: 20m, restart: 5m, vrrpTakeover: 3s, configPush: 60s, queueHold: 5s } }
        segments:
          - name: east
            virtualIp: 192.0.2.10
            nodes:
              - { name: e1, build: 7.6.4 P3, mode: master, clusterId: 12, address: 192.0.2.11, helo: mail.example.com }
              - { name: e2, build: 7.6.4 P3, mode: failover, clusterId: 12, address: 192.0.2.12, helo: mail.example.com }
          - name: west
            virtualIp: 192.0.2.10
            mailPerSecond: 2
            nodes:
              - { name: w1, build: 7.6.4 P3, mode: master, clusterId: 12, address: 192.0.2.11, helo: mail.example.com }
              - { name: w2, build: 7.6.4 P4, mode: failover, clusterId: 12, address: 192.0.2.12, helo: scmgateway, sync: corrupt }
        """;

    [Fact]
    public void A_description_may_declare_segments_each_with_its_virtual_ip_and_clusters()
    {
        var fleet = LabFleet.FromYaml(TwoSites);
        Assert.Equal(new[] { "east", "west" }, fleet.Segments.Select(w => w.Settings.Segment));
        Assert.Equal(new[] { "e1", "e2", "w1", "w2" }, fleet.NodeNames);
        Assert.Equal(2, fleet.Segments[1].Settings.MailPerSecond);
        Assert.Equal("Lab/east", fleet.SegmentName("Lab", fleet.Segments[0]));
        Assert.Same(fleet.Segments[1], fleet.WorldOf("W2"));
    }

    [Fact]
    public void Two_segments_with_the_same_cluster_id_and_address_are_two_clusters_with_their_own_hazards()
    {
        var fleet = LabFleet.FromYaml(TwoSites);
        // Each segment is its own VRRP domain: both masters serve 192.0.2.10, each in its own site.
        Assert.Empty(fleet.Segments[0].GetReport().Violations);
        var west = Assert.Single(fleet.Segments[1].GetReport().Violations);
        Assert.Equal("MixedBuildOnline", west.Name);

        var nodes = fleet.Segments.SelectMany(w => w.GetStatuses().Select(n => { n.Segment = fleet.SegmentName("Lab", w); return n; })).ToList();
        var results = new ConsistencyChecker().Check(nodes);
        Assert.Equal(new[] { ("Lab/east", true), ("Lab/west", false) }, results.Select(r => (r.Segment, r.InDesiredState)));
        Assert.DoesNotContain(results.SelectMany(r => r.Findings), f => f.RuleId is "MultipleMasters" or "MultipleFailovers" or "VirtualIpConflict");
    }

    [Theory]
    [InlineData("segments:\n  - { name: a, nodes: [ { name: x, build: 7.6.4, mode: standalone } ] }\n  - { name: A, nodes: [ { name: y, build: 7.6.4, mode: standalone } ] }\n", "segments[1].name", "a second segment")]
    [InlineData("segments:\n  - { name: a, nodes: [ { name: x, build: 7.6.4, mode: standalone } ] }\n  - { name: b, nodes: [ { name: X, build: 7.6.4, mode: standalone } ] }\n", "segments[1].nodes[0].name", "a second node")]
    [InlineData("segments:\n  - { name: 'a b', nodes: [ { name: x, build: 7.6.4, mode: standalone } ] }\n", "segments[0].name", "not a segment name")]
    [InlineData("segments:\n  - { name: a }\n", "segments[0].nodes", "no 'nodes'")]
    [InlineData("segments: []\n", "segments", "one or more segments")]
    [InlineData("nodes: [ { name: x, build: 7.6.4, mode: standalone } ]\nsegments: []\n", "segments", "not both")]
    [InlineData("segments:\n  - { name: a, color: red, nodes: [ { name: x, build: 7.6.4, mode: standalone } ] }\n", "segments[0].color", "unknown key")]
    public void A_bad_segment_list_names_the_line_and_field(string yaml, string field, string problem)
    {
        var error = Assert.Throws<LabDescriptionException>(() => LabFleet.FromYaml(yaml, "sites.yaml"));
        Assert.Contains(field, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_twin_of_nodes_from_several_segments_keeps_them_apart()
    {
        var fleet = LabFleet.FromYaml(TwoSites);
        var nodes = fleet.Segments.SelectMany(w => w.GetStatuses().Select(n => { n.Segment = fleet.SegmentName("Sites", w); return n; })).ToList();
        var twin = LabFleet.FromNodes(nodes);
        Assert.Equal(new[] { "Sites/east", "Sites/west" }, twin.Segments.Select(w => w.Settings.Segment));
        Assert.Equal("Twin/Sites/west", twin.SegmentName("Twin", twin.Segments[1]));
        Assert.Equal("corrupt", ModeNames.ToWire(twin.Segments[1].GetStatus("w2").Sync));
        var single = LabFleet.FromNodes(fleet.Segments[0].GetStatuses());
        Assert.Equal("Twin", single.SegmentName("Twin", Assert.Single(single.Segments)));
    }

    [Fact]
    public void Time_passes_in_every_segment_from_the_latest()
    {
        var fleet = LabFleet.FromYaml(TwoSites);
        fleet.Segments[0].Advance(TimeSpan.FromMinutes(10));
        fleet.Advance(TimeSpan.FromMinutes(1));
        Assert.All(fleet.Segments, w => Assert.Equal(TimeSpan.FromMinutes(11), w.Elapsed));
    }

    [Fact]
    public void The_fleet_preset_shares_one_cluster_id_has_a_few_KB80406_sites_and_one_failing_update()
    {
        var fleet = FleetPreset.Create(new FleetPresetSize { Sites = 12, ScannersPerSite = 3 });
        Assert.Equal(12, fleet.Segments.Count);
        Assert.Equal("site-001", fleet.Segments[0].Settings.Segment);
        Assert.Equal(new[] { "site-003", "site-008" }, FleetPreset.Kb80406Sites(12));
        Assert.All(fleet.Segments, w => Assert.Equal(5, w.NodeNames.Count));
        Assert.All(fleet.Segments.SelectMany(w => w.GetStatuses()), n => Assert.Equal(12, n.ClusterId));
        foreach (var world in fleet.Segments)
        {
            var site = world.Settings.Segment!;
            var failover = world.GetStatuses().Single(n => n.Mode == ClusterMode.Failover);
            var kb = FleetPreset.Kb80406Sites(12).Contains(site);
            Assert.Equal(kb ? "7.6.4 P4" : "7.6.4 P3", failover.Build!.ToString());
            Assert.Equal(kb ? SyncState.Corrupt : SyncState.InSync, failover.Sync);
            Assert.Equal(site == "site-002", world.GetFaults(failover.ComputerName).UpdateFails);
            Assert.Equal(kb ? 1 : 0, world.GetReport().Violations.Count);
        }
        Assert.Equal("s002-meg2", FleetPreset.NodeName(2, 2));
    }

    [Fact]
    public void The_fleet_preset_refuses_sizes_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FleetPreset.Create(new FleetPresetSize { Sites = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FleetPreset.Create(new FleetPresetSize { Sites = 1, ScannersPerSite = 17 }));
    }

    [Fact]
    public void Two_hundred_sites_fit_in_one_process()
    {
        var fleet = FleetPreset.Create(new FleetPresetSize { Sites = 200, ScannersPerSite = 2 });
        Assert.Equal(800, fleet.NodeNames.Count);
        Assert.Equal(fleet.Segments.Count, fleet.Segments.Select(w => w.Settings.Segment).Distinct().Count());
    }
}
