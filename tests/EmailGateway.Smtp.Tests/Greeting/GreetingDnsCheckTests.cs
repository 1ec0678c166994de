using EmailGateway.Consistency;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Smtp.Tests.Fakes;
using Xunit;

namespace EmailGateway.Smtp.Tests.Greeting;

public class GreetingDnsCheckTests
{
    private static FakeZone Zone() => new FakeZone()
        .A("mail.example.test", "192.0.2.10").Txt("mail.example.test", "v=spf1 a -all").Ptr("192.0.2.10", "mail.example.test")
        .A("rogue.example.test", "198.51.100.7").Txt("rogue.example.test", "v=spf1 a -all")
        .Failing("flaky.example.test");

    private static GatewayNode Node(string name, ClusterMode mode, string helo, bool vip = false, string address = "192.0.2.11") => new()
    {
        ComputerName = name, Mode = mode, ClusterId = 12, Helo = helo, VrrpActive = vip,
        VirtualIp = "192.0.2.10", Address = address, NetworkState = NetworkState.Online,
    };

    [Fact]
    public async Task Vip_holder_with_a_resolving_confirmed_greeting_gives_no_finding()
    {
        var findings = await GreetingDnsCheck.EvaluateAsync(new[] { Node("meg1", ClusterMode.Master, "mail.example.test", vip: true) },
            new GreetingChecker(Zone()), CancellationToken.None);
        Assert.Empty(findings);
    }

    [Fact]
    public async Task Unresolvable_greeting_of_the_failover_is_an_error_naming_the_expected_450()
    {
        var findings = await GreetingDnsCheck.EvaluateAsync(new[] { Node("meg2", ClusterMode.Failover, "nothing.example.test") },
            new GreetingChecker(Zone()), CancellationToken.None);
        var finding = Assert.Single(findings);
        Assert.Equal(GreetingDnsCheck.RuleId, finding.RuleId);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(12, finding.ClusterId);
        Assert.Equal(new[] { "meg2" }, finding.Nodes);
        Assert.Contains("450", finding.Message);
    }

    [Fact]
    public async Task Spf_fail_from_the_vip_is_an_error()
    {
        var findings = await GreetingDnsCheck.EvaluateAsync(new[] { Node("meg1", ClusterMode.Master, "rogue.example.test", vip: true) },
            new GreetingChecker(Zone()), CancellationToken.None);
        Assert.Equal(Severity.Error, Assert.Single(findings).Severity);
    }

    [Fact]
    public async Task Dns_failure_is_a_warning_not_a_verdict()
    {
        var findings = await GreetingDnsCheck.EvaluateAsync(new[] { Node("meg1", ClusterMode.Master, "flaky.example.test", vip: true) },
            new GreetingChecker(Zone()), CancellationToken.None);
        Assert.Equal(Severity.Warning, Assert.Single(findings).Severity);
    }

    [Fact]
    public async Task Scanners_and_bad_syntax_are_not_looked_up()
    {
        var zone = Zone();
        var findings = await GreetingDnsCheck.EvaluateAsync(new[]
        {
            Node("meg3", ClusterMode.Scanner, "nothing.example.test"),
            Node("meg2", ClusterMode.Failover, "scmgateway"),
        }, new GreetingChecker(zone), CancellationToken.None);
        Assert.Empty(findings);
        Assert.Equal(0, zone.QueryCount);
    }
}
