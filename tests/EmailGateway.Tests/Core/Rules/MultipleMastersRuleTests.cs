using Xunit;
using EmailGateway.Consistency;
using EmailGateway.Model;
using EmailGateway.Rules;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class MultipleMastersRuleTests
{
    private readonly MultipleMastersRule _rule = new();

    [Fact]
    public void Has_its_id() => Assert.Equal("MultipleMasters", _rule.Rule.Name);

    [Fact]
    public void One_master_passes()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Failover("meg2"), Scanner("meg3")));
    }

    [Fact]
    public void Two_online_masters_are_an_error_naming_both()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Master("meg2"), Scanner("meg3"));
        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg1", "meg2");
        Assert.Contains("2 masters", finding.Message);
        Assert.Contains("2 of them online", finding.Message);
        Assert.Contains("Set-GatewayClusterMode", finding.Remediation);
    }

    [Fact]
    public void Recipe_B_interim_master_offline_beside_the_master_is_a_warning()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Master("meg2").Offline());
        var finding = RuleAssert.Single(_rule, findings, Severity.Warning, 12, "meg1", "meg2");
        Assert.Contains("1 of them online", finding.Message);
    }

    [Fact]
    public void Masters_in_different_clusters_are_not_counted_together()
    {
        var checker = new ConsistencyChecker(new[] { _rule });
        var results = checker.Check(new GatewayNode[] { Master("meg1").Cluster(1), Master("meg2").Cluster(2) });
        Assert.All(results, r => Assert.Empty(r.Findings));
    }

    [Fact]
    public void A_standalone_node_is_not_a_master()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Standalone("meg2")));
    }
}
