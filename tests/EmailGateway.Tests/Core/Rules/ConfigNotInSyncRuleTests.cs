using Xunit;
using EmailGateway.Model;
using EmailGateway.Rules;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class ConfigNotInSyncRuleTests
{
    private readonly ConfigNotInSyncRule _rule = new();

    [Fact]
    public void Has_its_id() => Assert.Equal("ConfigNotInSync", _rule.Rule.Name);

    [Fact]
    public void Source_and_in_sync_members_pass()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Failover("meg2"), Scanner("meg3")));
    }

    [Fact]
    public void A_corrupt_member_is_an_error_citing_workaround_1_and_the_restart()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2").Sync(SyncState.Corrupt));

        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg2");
        RuleAssert.CitesKb(finding);
        Assert.Contains("workaround 1", finding.Remediation);
        Assert.Contains("Restart-GatewayNode", finding.Remediation);
        Assert.Contains("corrupt", finding.Message);
        Assert.Contains("revision 42", finding.Message);
    }

    [Fact]
    public void A_stale_member_is_a_warning_citing_the_restart()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Failover("meg2").Sync(SyncState.Stale));

        var finding = RuleAssert.Single(_rule, findings, Severity.Warning, 12, "meg2");
        RuleAssert.CitesKb(finding);
        Assert.Contains("Restart-GatewayNode", finding.Remediation);
        Assert.Contains("stale", finding.Message);
    }

    [Fact]
    public void Offline_members_are_still_reported()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1"), Scanner("meg3").Sync(SyncState.Corrupt).Offline(), Scanner("meg4").Sync(SyncState.Stale));
        Assert.Equal(new[] { ("meg3", Severity.Error), ("meg4", Severity.Warning) },
            findings.Select(f => (f.Nodes.Single(), f.Severity)));
    }

    [Fact]
    public void Standalone_nodes_are_not_members()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Standalone("meg5").Sync(SyncState.Corrupt)));
    }
}
