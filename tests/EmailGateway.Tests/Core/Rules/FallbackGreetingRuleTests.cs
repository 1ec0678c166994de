using Xunit;
using EmailGateway.Model;
using EmailGateway.Rules;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class FallbackGreetingRuleTests
{
    private readonly FallbackGreetingRule _rule = new();

    [Fact]
    public void Has_its_id() => Assert.Equal("FallbackGreeting", _rule.Rule.Name);

    [Fact]
    public void Fqdn_and_address_literal_greetings_pass()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Failover("meg2").Helo("[192.0.2.12]"), Scanner("meg3").Helo("meg3.example.com")));
    }

    [Fact]
    public void The_KB_failover_greeting_scmgateway_is_an_error_with_the_resync_remedy()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2").Helo("scmgateway").Sync(SyncState.Corrupt));

        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg2");
        RuleAssert.CitesKb(finding);
        Assert.Contains("'scmgateway'", finding.Message);
        Assert.Contains("would take over the virtual IP", finding.Message);
        Assert.Contains("Restart-GatewayNode", finding.Remediation);
    }

    [Fact]
    public void The_node_holding_the_virtual_IP_with_a_bad_greeting_is_an_error_saying_so()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1").Offline(), Failover("meg2").Helo("scmgateway").Sync(SyncState.Stale).Vrrp(true));

        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg2");
        Assert.Contains("holds the virtual IP now", finding.Message);
        RuleAssert.CitesKb(finding);
    }

    [Fact]
    public void An_offline_failover_with_a_bad_greeting_is_a_warning()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2").Helo("scmgateway").Sync(SyncState.Stale).Offline());
        RuleAssert.Single(_rule, findings, Severity.Warning, 12, "meg2");
    }

    [Fact]
    public void A_scanner_with_a_bad_greeting_is_a_warning()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Scanner("meg3").Helo("bad_name.example.com"));
        var finding = RuleAssert.Single(_rule, findings, Severity.Warning, 12, "meg3");
        Assert.DoesNotContain("  ", finding.Message);
    }

    [Fact]
    public void An_in_sync_node_with_a_bad_greeting_is_told_to_set_a_greeting_not_to_resync()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1").Helo("localhost"));
        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg1");
        Assert.Contains("fully qualified greeting", finding.Remediation);
    }

    [Fact]
    public void Each_bad_member_gets_its_own_finding()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1").Helo(""), Failover("meg2").Helo("scmgateway"), Scanner("meg3").Helo("mail"));
        Assert.Equal(new[] { "meg1", "meg2", "meg3" }, findings.SelectMany(f => f.Nodes));
        Assert.All(findings, f => Assert.Equal("FallbackGreeting", f.RuleId));
    }

    [Fact]
    public void Standalone_nodes_are_not_judged_as_members()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Standalone("meg5").Helo("scmgateway")));
    }
}
