using Xunit;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Tests.Core.Support;
using static EmailGateway.Tests.Core.Support.NodeBuilder;

namespace EmailGateway.Tests.Core.Rules;

public class MixedBuildRuleTests
{
    private readonly MixedBuildRule _rule = new();

    [Fact]
    public void Has_its_id() => Assert.Equal("MixedBuild", _rule.Rule.Name);

    [Fact]
    public void One_build_everywhere_passes()
    {
        Assert.Empty(_rule.Evaluate(RuleAssert.View(NodeBuilder.HealthyCluster().ToArray())));
    }

    [Fact]
    public void Hotfix_order_does_not_make_builds_differ()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master().Build("7.6.4 P3 HF1,HF2"), Failover().Build("7.6.4 P3 HF2,HF1")));
    }

    [Theory]
    [InlineData("7.6.4 P4")]          // next Patch (the KB's case)
    [InlineData("7.6.4 P3 HF1")]      // a Hotfix more
    [InlineData("7.6.5 P3")]          // next version
    public void Different_builds_online_together_are_an_error_citing_workaround_1(string otherBuild)
    {
        var findings = RuleAssert.Run(_rule,
            Master("meg1"), Failover("meg2").Build(otherBuild), Scanner("meg3"));

        var finding = RuleAssert.Single(_rule, findings, Severity.Error, 12, "meg1", "meg2", "meg3");
        RuleAssert.CitesKb(finding);
        Assert.Contains("workaround 1", finding.Remediation);
        Assert.Contains(otherBuild, finding.Message);
        Assert.Contains("7.6.4 P3", finding.Message);
    }

    [Fact]
    public void An_upgraded_member_kept_offline_is_a_warning_naming_only_it()
    {
        var findings = RuleAssert.Run(_rule,
            Master("meg1"), Failover("meg2").Build(Build764P4).Offline(), Scanner("meg3"), Scanner("meg4").Offline());

        var finding = RuleAssert.Single(_rule, findings, Severity.Warning, 12, "meg2");
        RuleAssert.CitesKb(finding);
        Assert.Contains("workaround 2", finding.Remediation);
        Assert.Contains("Bringing meg2 online", finding.Message);
    }

    [Fact]
    public void A_member_updating_counts_as_not_online()
    {
        var findings = RuleAssert.Run(_rule,
            Master("meg1"), Failover("meg2").Build(Build764P4).Power(PowerState.Updating));

        RuleAssert.Single(_rule, findings, Severity.Warning, 12, "meg2");
    }

    [Fact]
    public void Mixed_builds_all_offline_name_every_member()
    {
        var findings = RuleAssert.Run(_rule, Master("meg1").Offline(), Failover("meg2").Build(Build764P4).Offline());
        RuleAssert.Single(_rule, findings, Severity.Warning, 12, "meg1", "meg2");
    }

    [Fact]
    public void Standalone_nodes_on_another_build_are_not_members()
    {
        Assert.Empty(RuleAssert.Run(_rule, Master("meg1"), Failover("meg2"), Standalone("meg5").Build(Build764P4)));
    }
}
