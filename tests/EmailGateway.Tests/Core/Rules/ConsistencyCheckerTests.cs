using Xunit;
using EmailGateway.Consistency;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Tests.Core.Support;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class ConsistencyCheckerTests
{
    private readonly ConsistencyChecker _checker = new();

    [Fact]
    public void Runs_all_eight_KB_rules_by_default()
    {
        Assert.Equal(
            new[] { "MixedBuild", "FallbackGreeting", "ConfigNotInSync", "MultipleMasters", "NoMaster", "MultipleFailovers", "VirtualIpMismatch", "VirtualIpConflict" },
            _checker.Rules.Select(r => r.Rule.Name));
    }

    [Fact]
    public void A_healthy_cluster_is_in_desired_state()
    {
        var result = Assert.Single(_checker.Check(NodeBuilder.HealthyCluster()));

        Assert.Equal(12, result.ClusterId);
        Assert.True(result.InDesiredState);
        Assert.Empty(result.Findings);
        Assert.Equal(new[] { "meg1", "meg2", "meg3", "meg4" }, result.Nodes);
        Assert.Equal(new[] { "7.6.4 P3" }, result.Builds);
        Assert.Contains("in desired state", result.ToString());
    }

    [Fact]
    public void The_KB80406_state_is_not_in_desired_state()
    {
        var result = Assert.Single(_checker.Check(NodeBuilder.Kb80406Cluster()));

        Assert.False(result.InDesiredState);
        Assert.Equal(new[] { "7.6.4 P3", "7.6.4 P4" }, result.Builds.OrderBy(b => b));

        var mixed = Assert.Single(result.Findings, f => f.RuleId == "MixedBuild");
        Assert.Equal(Severity.Error, mixed.Severity);
        Assert.Contains("meg2", mixed.Nodes);
        RuleAssert.CitesKb(mixed);

        var greeting = Assert.Single(result.Findings, f => f.RuleId == "FallbackGreeting");
        Assert.Equal(Severity.Error, greeting.Severity);
        Assert.Equal(new[] { "meg2" }, greeting.Nodes);
        RuleAssert.CitesKb(greeting);

        var sync = Assert.Single(result.Findings, f => f.RuleId == "ConfigNotInSync");
        Assert.Equal(Severity.Error, sync.Severity);
        Assert.Equal(new[] { "meg2" }, sync.Nodes);
        RuleAssert.CitesKb(sync);

        Assert.DoesNotContain(result.Findings, f => f.RuleId is "MultipleMasters" or "NoMaster" or "MultipleFailovers" or "VirtualIpMismatch");
        Assert.All(result.Findings, f => Assert.Equal(12, f.ClusterId));
        Assert.Contains("3 finding(s)", result.ToString());
    }

    [Fact]
    public void One_result_per_cluster_id_ordered_by_id()
    {
        // Two clusters of one segment each have a virtual IP of their own (sharing one would be a VirtualIpConflict).
        var nodes = NodeBuilder.Kb80406Cluster(200)
            .Concat(NodeBuilder.HealthyCluster(7).Select(n => Renamed(n, "a-" + n.ComputerName, n.VirtualIp is null ? null : "192.0.2.70")))
            .Append(Standalone("solo").Cluster(0))
            .Reverse()
            .ToList();

        var results = _checker.Check(nodes);

        Assert.Equal(new[] { 0, 7, 200 }, results.Select(r => r.ClusterId));
        Assert.True(results[0].InDesiredState);
        Assert.True(results[1].InDesiredState);
        Assert.False(results[2].InDesiredState);
        Assert.Equal(new[] { "a-meg1", "a-meg2", "a-meg3", "a-meg4" }, results[1].Nodes);
        Assert.All(results[2].Findings, f => Assert.Equal(200, f.ClusterId));
    }

    [Fact]
    public void A_cluster_is_its_segment_and_id_so_sites_may_share_an_id_and_a_virtual_ip()
    {
        var siteA = NodeBuilder.HealthyCluster().Select(n => InSegment(n, "site-a"));
        var siteB = NodeBuilder.Kb80406Cluster().Select(n => InSegment(n, "site-b"));

        var results = _checker.Check(siteA.Concat(siteB).ToList());

        Assert.Equal(new[] { ("site-a", 12), ("site-b", 12) }, results.Select(r => (r.Segment, r.ClusterId)));
        Assert.True(results[0].InDesiredState, string.Join("; ", results[0].Findings));
        Assert.Equal(new[] { "b-meg1", "b-meg2", "b-meg3", "b-meg4" }, results[1].Nodes);
        Assert.DoesNotContain(results.SelectMany(r => r.Findings), f => f.RuleId == "VirtualIpConflict" || f.RuleId == "MultipleMasters");
        Assert.All(results[1].Findings, f => Assert.Equal("site-b", f.Segment));
    }

    [Fact]
    public void Two_clusters_of_one_segment_serving_one_virtual_ip_conflict_in_both_results()
    {
        var nodes = new GatewayNode[] { Master("meg1"), Master("other1").Cluster(13) };

        var results = _checker.Check(nodes);

        Assert.Equal(new[] { 12, 13 }, results.Select(r => r.ClusterId));
        Assert.All(results, r =>
        {
            var conflict = Assert.Single(r.Findings);
            Assert.Equal("VirtualIpConflict", conflict.RuleId);
            Assert.Equal("VirtualIpConflict", conflict.Hazard);
            Assert.Equal(new[] { "meg1", "other1" }, conflict.Nodes);
            Assert.Equal(r.ClusterId, conflict.ClusterId);
            Assert.Contains("2 nodes answer for 192.0.2.10", conflict.Message);
        });
    }

    [Fact]
    public void A_standalone_node_serving_the_virtual_ip_with_the_factory_greeting_is_the_bad_greeting_hazard()
    {
        var nodes = new GatewayNode[]
        {
            Master("meg1").Offline(),
            Standalone("meg2").Helo("scmgateway").Vrrp(true).Address("192.0.2.10"),
        };

        var finding = Assert.Single(Assert.Single(_checker.Check(nodes)).Findings);

        Assert.Equal("FallbackGreeting", finding.RuleId);
        Assert.Equal("BadGreetingActive", finding.Hazard);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("holds the virtual IP now (192.0.2.10)", finding.Message);
    }

    [Fact]
    public void Findings_that_are_no_hazard_say_so_and_every_KB_finding_cites_the_KB()
    {
        var result = Assert.Single(_checker.Check(NodeBuilder.Kb80406Cluster()));
        Assert.Equal("MixedBuildOnline", Assert.Single(result.Findings, f => f.RuleId == "MixedBuild").Hazard);
        Assert.Null(Assert.Single(result.Findings, f => f.RuleId == "FallbackGreeting").Hazard); // would take over, does not serve yet
        Assert.Null(Assert.Single(result.Findings, f => f.RuleId == "ConfigNotInSync").Hazard);
        Assert.All(result.Findings, f => Assert.StartsWith("KB80406", f.Citation));
    }

    [Fact]
    public void Nodes_are_listed_by_name_case_insensitively()
    {
        var result = Assert.Single(_checker.Check(new GatewayNode[] { Scanner("b"), Master("C"), Failover("A") }));
        Assert.Equal(new[] { "A", "b", "C" }, result.Nodes);
    }

    [Fact]
    public void Findings_are_ordered_most_severe_first()
    {
        var nodes = new GatewayNode[]
        {
            Master("meg1"),
            Failover("meg2").Sync(SyncState.Stale),          // warning
            Scanner("meg3").Build(Build764P4).Offline(),      // mixed build, warning
            Failover("meg4").Vip("192.0.2.20").Offline(),     // error
        };

        var findings = Assert.Single(_checker.Check(nodes)).Findings;

        Assert.True(findings.Count >= 3);
        Assert.Equal(findings.OrderByDescending(f => f.Severity).Select(f => f.Severity), findings.Select(f => f.Severity));
        Assert.Equal(Severity.Error, findings[0].Severity);
    }

    [Fact]
    public void Warnings_alone_take_a_cluster_out_of_desired_state()
    {
        var result = Assert.Single(_checker.Check(new GatewayNode[] { Master("meg1"), Failover("meg2").Sync(SyncState.Stale) }));
        Assert.All(result.Findings, f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.False(result.InDesiredState);
    }

    [Fact]
    public void Information_findings_keep_a_cluster_in_desired_state()
    {
        var checker = new ConsistencyChecker(new IClusterRule[] { new FixedRule(Severity.Information) });
        var result = Assert.Single(checker.Check(NodeBuilder.HealthyCluster()));
        Assert.Single(result.Findings);
        Assert.True(result.InDesiredState);
    }

    [Fact]
    public void Standalone_nodes_produce_no_membership_findings()
    {
        var nodes = new GatewayNode[]
        {
            Standalone("meg5").Build(Build764P4).Helo("scmgateway").Sync(SyncState.Corrupt).Vip("192.0.2.99"),
            Standalone("meg6").Build(Build764P3).Sync(SyncState.Stale),
        };

        var result = Assert.Single(_checker.Check(nodes));

        Assert.Empty(result.Findings);
        Assert.True(result.InDesiredState);
        Assert.Equal(new[] { "meg5", "meg6" }, result.Nodes);
    }

    [Fact]
    public void A_standalone_node_beside_a_healthy_cluster_changes_nothing()
    {
        var nodes = NodeBuilder.HealthyCluster().Append(Standalone("meg5").Build(Build764P4)).ToList();
        var result = Assert.Single(_checker.Check(nodes));
        Assert.True(result.InDesiredState);
        Assert.Contains("meg5", result.Nodes);
    }

    [Fact]
    public void Workaround_1_giving_the_upgraded_node_another_cluster_id_restores_desired_state()
    {
        var nodes = NodeBuilder.Kb80406Cluster();
        nodes.Single(n => n.ComputerName == "meg2").ClusterId = 13;
        nodes.Single(n => n.ComputerName == "meg2").Mode = ClusterMode.Master;
        nodes.Single(n => n.ComputerName == "meg2").Sync = SyncState.Source;
        nodes.Single(n => n.ComputerName == "meg2").Helo = "meg2.example.com";

        var results = _checker.Check(nodes);

        Assert.Equal(new[] { 12, 13 }, results.Select(r => r.ClusterId));
        Assert.All(results, r => Assert.True(r.InDesiredState, string.Join("; ", r.Findings)));
    }

    [Fact]
    public void No_nodes_give_no_results()
    {
        Assert.Empty(_checker.Check(Array.Empty<GatewayNode>()));
    }

    [Fact]
    public void A_node_with_an_unknown_build_is_listed_as_unknown()
    {
        var node = Master("meg1").Node;
        node.Build = null;
        var result = Assert.Single(_checker.Check(new[] { node }));
        Assert.Equal(new[] { "unknown" }, result.Builds);
    }

    private static GatewayNode InSegment(GatewayNode node, string segment)
    {
        var copy = node.Clone();
        copy.Segment = segment;
        if (segment == "site-b") copy.ComputerName = "b-" + copy.ComputerName;
        return copy;
    }

    private static GatewayNode Renamed(GatewayNode node, string name, string? virtualIp = null)
    {
        var copy = node.Clone();
        copy.ComputerName = name;
        copy.VirtualIp = virtualIp ?? copy.VirtualIp;
        return copy;
    }

    private sealed class FixedRule(Severity severity) : IClusterRule
    {
        public KbRule Rule { get; } = new() { Name = "Fixed", Citation = "none", Remedy = "none" };
        public IEnumerable<RuleBreach> Evaluate(ClusterView cluster) =>
            new[] { new RuleBreach(Rule, cluster.Key, severity, cluster.Nodes.Select(n => n.ComputerName), "note") };
    }
}
