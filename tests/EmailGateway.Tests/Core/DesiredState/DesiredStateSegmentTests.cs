using Xunit;
using EmailGateway.DesiredState;
using EmailGateway.Model;
using EmailGateway.Tests.Core.Support;

namespace EmailGateway.Tests.Core.DesiredState;

public sealed class DesiredStateSegmentTests
{
    private static DesiredStateDefinition Desired(string yaml) => DesiredStateDocument.Parse(yaml, "test");

    private static List<GatewayNode> Fleet()
    {
        var nodes = NodeBuilder.InSegment(NodeBuilder.HealthyCluster(), "site-001");
        nodes.AddRange(NodeBuilder.InSegment(NodeBuilder.HealthyCluster().Select(n => { var c = n.Clone(); c.ComputerName = "b-" + c.ComputerName; return c; }), "site-002"));
        nodes.AddRange(NodeBuilder.InSegment(NodeBuilder.HealthyCluster().Select(n => { var c = n.Clone(); c.ComputerName = "hq-" + c.ComputerName; return c; }), "hq"));
        return nodes;
    }

    [Fact]
    public void An_entry_without_a_segment_governs_the_id_in_every_segment()
    {
        var findings = DesiredStateCheck.Compare(Desired("clusters:\n  - { clusterId: 12, build: 7.6.4 P4 }\n"), Fleet());
        var builds = findings.Where(f => f.RuleId == DesiredRuleIds.Build).ToList();
        Assert.Equal(new[] { "hq", "site-001", "site-002" }, builds.Select(f => f.Segment).OrderBy(s => s));
        Assert.Contains("cluster 12 in segment site-001 should run 7.6.4 P4", builds.Single(f => f.Segment == "site-001").Message);
    }

    [Fact]
    public void An_exact_segment_wins_over_a_pattern_and_the_first_pattern_wins_over_later_ones()
    {
        var desired = Desired("""
            clusters:
              - { segment: 'site-*', clusterId: 12, build: 7.6.4 P4 }
              - { segment: '*', clusterId: 12, build: 7.6.4 P5 }
              - { site: site-002, clusterId: 12, build: 7.6.4 P3 }
            """);
        Assert.Equal("7.6.4 P4", desired.TargetBuildFor(new ClusterKey("site-001", new ClusterId(12)))?.ToString());
        Assert.Equal("7.6.4 P3", desired.TargetBuildFor(new ClusterKey("site-002", new ClusterId(12)))?.ToString());
        Assert.Equal("7.6.4 P5", desired.TargetBuildFor(new ClusterKey("hq", new ClusterId(12)))?.ToString());
        Assert.Null(desired.TargetBuildFor(new ClusterKey("hq", new ClusterId(13))));

        var findings = DesiredStateCheck.Compare(desired, Fleet());
        Assert.DoesNotContain(findings, f => f.Segment == "site-002");
        Assert.Contains(findings, f => f.Segment == "site-001" && f.RuleId == DesiredRuleIds.Build && f.Message.Contains("7.6.4 P4"));
        Assert.Contains(findings, f => f.Segment == "hq" && f.RuleId == DesiredRuleIds.Build && f.Message.Contains("7.6.4 P5"));
    }

    [Fact]
    public void A_cluster_no_entry_governs_is_reported_in_its_own_segment()
    {
        var findings = DesiredStateCheck.Compare(Desired("clusters:\n  - { segment: hq, clusterId: 12 }\n"), Fleet());
        var undeclared = findings.Where(f => f.RuleId == DesiredRuleIds.Members).OrderBy(f => f.Segment).ToList();
        Assert.Equal(new[] { "site-001", "site-002" }, undeclared.Select(f => f.Segment));
        Assert.All(undeclared, f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.Contains("Cluster 12 in segment site-001", undeclared[0].Message);
    }

    [Fact]
    public void Results_are_one_per_cluster_of_segment_and_id()
    {
        var nodes = Fleet();
        var results = DesiredStateCheck.Apply(new EmailGateway.Consistency.ConsistencyChecker().Check(nodes),
            Desired("clusters:\n  - { segment: site-001, clusterId: 12, build: 7.6.4 P4 }\n  - { segment: site-003, clusterId: 12 }\n  - { clusterId: 12 }\n"), nodes);
        Assert.Equal(new[] { ("hq", 12), ("site-001", 12), ("site-002", 12), ("site-003", 12) }, results.Select(r => (r.Segment, r.ClusterId)));
        Assert.False(results[1].InDesiredState);
        Assert.True(results[2].InDesiredState);
        Assert.Contains(results[3].Findings, f => f.Message.Contains("No node of cluster 12 in segment site-003"));
    }

    [Fact]
    public void A_member_in_another_segment_is_not_in_the_desired_cluster()
    {
        var findings = DesiredStateCheck.Compare(Desired("clusters:\n  - segment: hq\n    clusterId: 12\n    members: [ hq-meg1, hq-meg2, hq-meg3, meg4 ]\n"), Fleet());
        var moved = Assert.Single(findings, f => f.RuleId == DesiredRuleIds.ClusterId);
        Assert.Equal(new[] { "meg4" }, moved.Nodes);
        Assert.Contains("is in cluster 12 in segment site-001", moved.Message);
        Assert.Contains("another network segment", moved.Remediation);
    }

    [Theory]
    [InlineData("clusters:\n  - { segment: east, site: east, clusterId: 1 }\n", "clusters[0].site", "give one")]
    [InlineData("clusters:\n  - { segment: 'east side', clusterId: 1 }\n", "clusters[0].segment", "not a segment name")]
    [InlineData("clusters:\n  - { segment: east, clusterId: 1 }\n  - { segment: EAST, clusterId: 1 }\n", "clusters[1].clusterId", "cluster 1 in segment EAST is described twice")]
    public void A_bad_segment_names_the_line_and_field(string yaml, string field, string problem)
    {
        var error = Assert.Throws<DesiredStateException>(() => DesiredStateDocument.Parse(yaml, "fleet.yaml"));
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void The_same_id_in_two_segments_is_two_entries()
    {
        var desired = Desired("clusters:\n  - { segment: east, clusterId: 1 }\n  - { segment: west, clusterId: 1 }\n");
        Assert.Equal(new[] { "east", "west" }, desired.Clusters.Select(c => c.Segment));
    }
}
