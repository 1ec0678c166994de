using Xunit;
using EmailGateway.Consistency;
using EmailGateway.DesiredState;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Tests.Core.Support;

namespace EmailGateway.Tests.Core.DesiredState;

public sealed class DesiredStateCheckTests
{
    private const string Cluster12 = @"
clusters:
  - clusterId: 12
    build: 7.6.4 P3
    virtualIp: 192.0.2.10
    greeting: mail.example.com
    members:
      - { name: meg1, mode: master }
      - { name: meg2, mode: failover }
      - { name: meg3, mode: scanner }
      - { name: meg4, mode: scanner }
";

    private static DesiredStateDefinition Desired(string yaml = Cluster12) => DesiredStateDocument.Parse(yaml, "test");

    [Fact]
    public void A_cluster_as_desired_has_no_finding()
    {
        Assert.Empty(DesiredStateCheck.Compare(Desired(), NodeBuilder.HealthyCluster()));
    }

    [Fact]
    public void KB80406_differs_in_build_and_greeting()
    {
        var findings = DesiredStateCheck.Compare(Desired(), NodeBuilder.Kb80406Cluster());
        var build = Assert.Single(findings, f => f.RuleId == DesiredRuleIds.Build);
        Assert.Equal(new[] { "meg2" }, build.Nodes);
        Assert.Equal(Severity.Error, build.Severity);
        Assert.Contains("7.6.4 P4", build.Message);
        Assert.Contains("KB80406", build.Remediation);
        var greeting = Assert.Single(findings, f => f.RuleId == DesiredRuleIds.Greeting);
        Assert.Contains("scmgateway", greeting.Message);
        Assert.DoesNotContain(findings, f => f.RuleId == DesiredRuleIds.Members || f.RuleId == DesiredRuleIds.Mode);
    }

    [Fact]
    public void A_member_that_was_not_read_is_missing()
    {
        var nodes = NodeBuilder.HealthyCluster().Where(n => n.ComputerName != "meg4").ToList();
        var finding = Assert.Single(DesiredStateCheck.Compare(Desired(), nodes));
        Assert.Equal(DesiredRuleIds.Members, finding.RuleId);
        Assert.Equal(new[] { "meg4" }, finding.Nodes);
        Assert.Equal(12, finding.ClusterId);
    }

    [Fact]
    public void A_node_in_the_cluster_that_is_not_listed_is_reported()
    {
        var nodes = NodeBuilder.HealthyCluster();
        nodes.Add(NodeBuilder.Scanner("meg9"));
        var finding = Assert.Single(DesiredStateCheck.Compare(Desired(), nodes));
        Assert.Equal(DesiredRuleIds.Members, finding.RuleId);
        Assert.Equal(new[] { "meg9" }, finding.Nodes);
    }

    [Fact]
    public void A_member_in_another_cluster_is_reported_on_the_desired_cluster()
    {
        var nodes = NodeBuilder.HealthyCluster();
        nodes[1] = NodeBuilder.Failover("meg2").Cluster(13);
        var finding = Assert.Single(DesiredStateCheck.Compare(Desired(), nodes));
        Assert.Equal(DesiredRuleIds.ClusterId, finding.RuleId);
        Assert.Equal(12, finding.ClusterId);
        Assert.Contains("cluster id 13", finding.Message);
    }

    [Fact]
    public void A_member_in_the_wrong_mode_is_reported()
    {
        var nodes = NodeBuilder.HealthyCluster();
        nodes[1] = NodeBuilder.Standalone("meg2").Cluster(12);
        var finding = Assert.Single(DesiredStateCheck.Compare(Desired(), nodes));
        Assert.Equal(DesiredRuleIds.Mode, finding.RuleId);
        Assert.Contains("Standalone", finding.Message);
        Assert.Contains("Failover", finding.Message);
    }

    [Fact]
    public void A_different_virtual_ip_on_master_or_failover_is_reported()
    {
        var nodes = NodeBuilder.HealthyCluster();
        nodes[1] = NodeBuilder.Failover("meg2").Vip("192.0.2.99");
        var finding = Assert.Single(DesiredStateCheck.Compare(Desired(), nodes));
        Assert.Equal(DesiredRuleIds.VirtualIp, finding.RuleId);
        Assert.Equal(new[] { "meg2" }, finding.Nodes);
    }

    [Fact]
    public void Greetings_compare_without_case_or_trailing_dot()
    {
        var nodes = NodeBuilder.HealthyCluster();
        nodes[2] = NodeBuilder.Scanner("meg3").Helo("MAIL.example.com.");
        Assert.Empty(DesiredStateCheck.Compare(Desired(), nodes));
    }

    [Fact]
    public void Members_match_by_hostname_too()
    {
        var desired = Desired(Cluster12.Replace("name: meg1,", "name: meg1.example.com,").Replace("name: meg3,", "name: MEG3,"));
        Assert.Empty(DesiredStateCheck.Compare(desired, NodeBuilder.HealthyCluster()));
    }

    [Fact]
    public void Only_what_is_specified_is_checked()
    {
        var desired = Desired("clusters:\n  - clusterId: 12\n");
        Assert.Empty(DesiredStateCheck.Compare(desired, NodeBuilder.Kb80406Cluster()));
    }

    [Fact]
    public void A_cluster_the_file_does_not_describe_is_a_warning()
    {
        var nodes = NodeBuilder.HealthyCluster();
        nodes.Add(NodeBuilder.Master("gw1").Cluster(30));
        nodes.Add(NodeBuilder.Standalone("solo").Cluster(31));
        var finding = Assert.Single(DesiredStateCheck.Compare(Desired(), nodes));
        Assert.Equal(DesiredRuleIds.Members, finding.RuleId);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(30, finding.ClusterId);
    }

    [Fact]
    public void Apply_adds_findings_to_the_clusters_results_and_a_result_for_a_cluster_not_seen()
    {
        var nodes = NodeBuilder.Kb80406Cluster();
        var desired = Desired(Cluster12 + "  - clusterId: 40\n    members: [ gw40 ]\n");
        var results = DesiredStateCheck.Apply(new ConsistencyChecker().Check(nodes), desired, nodes);

        Assert.Equal(new[] { 12, 40 }, results.Select(r => r.ClusterId));
        var twelve = results[0];
        Assert.False(twelve.InDesiredState);
        Assert.Contains(twelve.Findings, f => f.RuleId == "MixedBuild");
        Assert.Contains(twelve.Findings, f => f.RuleId == DesiredRuleIds.Build);
        Assert.Equal(twelve.Findings.OrderByDescending(f => f.Severity).Select(f => f.RuleId), twelve.Findings.Select(f => f.RuleId));
        var forty = results[1];
        Assert.Empty(forty.Nodes);
        Assert.Equal(DesiredRuleIds.Members, Assert.Single(forty.Findings).RuleId);
        Assert.False(forty.InDesiredState);
    }

    [Fact]
    public void Apply_keeps_a_cluster_as_desired_in_desired_state()
    {
        var nodes = NodeBuilder.HealthyCluster();
        var results = DesiredStateCheck.Apply(new ConsistencyChecker().Check(nodes), Desired(), nodes);
        Assert.True(Assert.Single(results).InDesiredState);
    }
}
