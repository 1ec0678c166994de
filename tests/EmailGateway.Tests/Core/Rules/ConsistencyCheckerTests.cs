using Xunit;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Tests.Core.Support;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class ConsistencyCheckerTests
{
    private readonly ConsistencyChecker _checker = new();

    [Fact]
    public void Runs_all_seven_rules_by_default()
    {
        Assert.Equal(
            new[] { "MixedBuild", "FallbackGreeting", "ConfigNotInSync", "MultipleMasters", "NoMaster", "MultipleFailovers", "VirtualIpMismatch" },
            _checker.Rules.Select(r => r.Id));
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
        var nodes = NodeBuilder.Kb80406Cluster(200)
            .Concat(NodeBuilder.HealthyCluster(7).Select(n => Renamed(n, "a-" + n.ComputerName)))
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
        var checker = new ConsistencyChecker(new IConsistencyRule[] { new FixedRule(Severity.Information) });
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

    private static GatewayNode Renamed(GatewayNode node, string name)
    {
        var copy = node.Clone();
        copy.ComputerName = name;
        return copy;
    }

    private sealed class FixedRule(Severity severity) : IConsistencyRule
    {
        public string Id => "Fixed";
        public IEnumerable<Finding> Evaluate(ClusterView cluster) =>
            new[] { new Finding(Id, severity, cluster.ClusterId, cluster.Nodes.Select(n => n.ComputerName).ToList(), "note", "none") };
    }
}
