using Xunit;
using EmailGateway.Model;
using EmailGateway.Rules;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class VirtualIpMismatchRuleTests
{
    private readonly VirtualIpMismatchRule _rule = new();

    [Fact]
    public void Has_its_id() => Assert.Equal("VirtualIpMismatch", _rule.Rule.Name);

    [Fact]
    public void Master_and_failover_on_one_virtual_IP_pass()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Failover("meg2"), Scanner("meg3").Vip("198.51.100.99")));
    }

    [Fact]
    public void A_lone_master_passes()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Scanner("meg3")));
    }

    [Fact]
    public void Different_virtual_IPs_are_an_error_naming_both_and_their_addresses()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2").Vip("192.0.2.20"), Scanner("meg3"));

        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg1", "meg2");
        Assert.Contains("192.0.2.10", finding.Message);
        Assert.Contains("192.0.2.20", finding.Message);
        Assert.Contains("-VirtualIp", finding.Remediation);
    }

    [Fact]
    public void A_failover_without_a_virtual_IP_is_a_mismatch()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2").Vip(null));
        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg1", "meg2");
        Assert.Contains("(none)", finding.Message);
    }

    [Fact]
    public void Offline_members_are_still_compared()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2").Vip("192.0.2.20").Offline());
        RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg1", "meg2");
    }

    [Fact]
    public void A_standalone_node_on_another_address_is_not_compared()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Standalone("meg5").Vip("192.0.2.99")));
    }
}
