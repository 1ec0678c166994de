using EmailGateway.Operations;
using EmailGateway.Smtp;
using Xunit;

namespace EmailGateway.Tests.Core.Smtp;

public class GreetingTargetTests
{
    [Theory]
    [InlineData("192.0.2.11", "192.0.2.10", true, "192.0.2.10")]  // holds the virtual IP: sends from it
    [InlineData("192.0.2.11", "192.0.2.10", false, "192.0.2.11")] // otherwise from its own address
    [InlineData("192.0.2.11", "", true, "192.0.2.11")]            // no virtual IP named: its own address
    [InlineData(" 192.0.2.11 ", null, false, "192.0.2.11")]
    public void A_greeting_goes_out_from_the_virtual_ip_only_while_the_node_holds_it(string? address, string? virtualIp, bool holds, string expected)
    {
        Assert.Equal(expected, GreetingTarget.SendingAddress("meg1", address, virtualIp, holds).Value!.ToString());
    }

    [Theory]
    [InlineData(null, "NoAddress")]
    [InlineData(" ", "NoAddress")]
    [InlineData("mail.example.com", "InvalidAddress")]
    public void No_address_or_one_that_is_not_an_ip_is_refused_naming_the_target(string? address, string reason)
    {
        var refusal = GreetingTarget.SendingAddress("meg1", address, null, holdsVirtualIp: false).Refusal!;
        Assert.Equal(reason, refusal.Reason);
        Assert.Equal(RefusalKind.InvalidArgument, refusal.Kind);
        Assert.Equal("meg1", refusal.Target);
        Assert.StartsWith("meg1: ", refusal.Message);
    }

    [Fact]
    public void Options_refuse_a_server_that_is_not_host_and_port()
    {
        Assert.Equal("InvalidDnsServer", GreetingTarget.Options(TimeSpan.FromSeconds(5), null, "x:y:z", null).Refusal!.Reason);
        Assert.Equal("InvalidProbeServer", GreetingTarget.Options(TimeSpan.FromSeconds(5), null, null, "host:99999").Refusal!.Reason);
        var options = GreetingTarget.Options(TimeSpan.FromSeconds(7), "postmaster@example.com", "127.0.0.1:5353", "127.0.0.1:2525").Value!;
        Assert.Equal(5353, options.DnsServer!.Port);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
        Assert.Equal("postmaster@example.com", options.ProbeRecipient);
    }
}
