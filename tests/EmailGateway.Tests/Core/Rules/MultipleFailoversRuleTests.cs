using Xunit;
using EmailGateway.Model;
using EmailGateway.Rules;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class MultipleFailoversRuleTests
{
    private readonly MultipleFailoversRule _rule = new();

    [Fact]
    public void Has_its_id() => Assert.Equal("MultipleFailovers", _rule.Rule.Name);

    [Fact]
    public void One_failover_passes_and_none_passes()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Failover("meg2"), Scanner("meg3")));
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Scanner("meg3")));
    }

    [Fact]
    public void Two_online_failovers_are_an_error_naming_both()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2"), Failover("meg3"));
        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg2", "meg3");
        Assert.Contains("2 failovers", finding.Message);
        Assert.Contains("Set-GatewayClusterMode", finding.Remediation);
    }

    [Fact]
    public void A_second_failover_kept_offline_is_a_warning()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2"), Failover("meg3").Offline());
        RuleAssert.Single(_rule, findings, Severity.Warning, 12, "meg2", "meg3");
    }
}
