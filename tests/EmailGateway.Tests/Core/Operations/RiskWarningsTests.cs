using Xunit;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Tests.Core.Support;

namespace EmailGateway.Tests.Core.Operations;

public sealed class RiskWarningsTests
{
    [Fact]
    public void Taking_the_vip_holder_offline_warns_of_deferred_mail()
    {
        var warning = Assert.Single(RiskWarnings.ForNetworkState(NodeBuilder.Master("meg1"), NetworkState.Offline));
        Assert.Contains("virtual IP 192.0.2.10", warning);
        Assert.Contains("meg1", warning);
    }

    [Fact]
    public void Taking_a_node_with_queued_mail_offline_warns()
    {
        GatewayNode node = NodeBuilder.Scanner("meg3");
        node.MailQueue = 7;
        var warning = Assert.Single(RiskWarnings.ForNetworkState(node, NetworkState.Offline));
        Assert.Contains("7 message(s)", warning);
    }

    [Fact]
    public void A_quiet_scanner_goes_offline_without_warning()
    {
        Assert.Empty(RiskWarnings.ForNetworkState(NodeBuilder.Scanner("meg3"), NetworkState.Offline));
    }

    [Fact]
    public void Bringing_a_corrupt_failover_online_warns_with_its_greeting()
    {
        GatewayNode node = NodeBuilder.Failover("meg2").Offline().Sync(SyncState.Corrupt).Helo("scmgateway");
        var warning = Assert.Single(RiskWarnings.ForNetworkState(node, NetworkState.Online));
        Assert.Contains("corrupt", warning);
        Assert.Contains("scmgateway", warning);
        Assert.Contains("KB80406", warning);
    }

    [Fact]
    public void Bringing_a_stale_failover_with_a_good_greeting_online_warns_without_naming_a_greeting()
    {
        GatewayNode node = NodeBuilder.Failover("meg2").Offline().Sync(SyncState.Stale);
        var warning = Assert.Single(RiskWarnings.ForNetworkState(node, NetworkState.Online));
        Assert.Contains("stale", warning);
        Assert.DoesNotContain("greets with", warning);
    }

    [Fact]
    public void No_warning_when_the_state_does_not_change()
    {
        Assert.Empty(RiskWarnings.ForNetworkState(NodeBuilder.Master("meg1"), NetworkState.Online));
    }

    [Fact]
    public void Restarting_the_vip_holder_warns_but_an_offline_one_does_not()
    {
        Assert.Single(RiskWarnings.ForRestart(NodeBuilder.Master("meg1")));
        Assert.Empty(RiskWarnings.ForRestart(NodeBuilder.Master("meg1").Offline()));
        Assert.Empty(RiskWarnings.ForRestart(NodeBuilder.Scanner("meg3")));
    }
}
