using Xunit;
using EmailGateway.Model;
using EmailGateway.Rules;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class NoMasterRuleTests
{
    private readonly NoMasterRule _rule = new();

    [Fact]
    public void Has_its_id() => Assert.Equal("NoMaster", _rule.Rule.Name);

    [Fact]
    public void An_online_master_passes()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Failover("meg2"), Scanner("meg3")));
    }

    [Fact]
    public void Members_online_without_a_master_are_an_error_naming_the_online_members()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1").Offline(), Failover("meg2"), Scanner("meg3"), Scanner("meg4").Offline());

        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg2", "meg3");
        RuleAssert.CitesKb(finding);
        Assert.Contains("Set-GatewayNodeState", finding.Remediation);
    }

    [Fact]
    public void A_rebooting_master_is_not_a_source()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1").Power(PowerState.Rebooting), Scanner("meg3"));
        RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg3");
    }

    [Fact]
    public void A_fully_offline_cluster_passes()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1").Offline(), Failover("meg2").Offline()));
    }

    [Fact]
    public void Online_standalone_nodes_need_no_master()
    {
        Assert.Empty(RuleAssert.Run(_rule, Standalone("meg5"), Standalone("meg6")));
    }
}
