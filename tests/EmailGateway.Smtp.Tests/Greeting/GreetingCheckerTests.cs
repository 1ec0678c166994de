using System.Net;
using EmailGateway.Smtp.Dns;
using EmailGateway.Smtp.Spf;
using EmailGateway.Smtp.Tests.Fakes;
using Xunit;

namespace EmailGateway.Smtp.Tests.Greeting;

public class GreetingCheckerTests
{
    private static readonly IPAddress Sender = IPAddress.Parse("192.0.2.10");

    private static FakeZone Zone() => new FakeZone()
        .A("mail.example.test", "192.0.2.10").Txt("mail.example.test", "v=spf1 a -all").Ptr("192.0.2.10", "mail.example.test")
        .A("other.example.test", "198.51.100.7").Txt("other.example.test", "v=spf1 a -all")
        .Mx("mxonly.example.test", "mx.example.test")
        .Empty("empty.example.test");

    private sealed class RecordingProbe : ISmtpGreetingProbe
    {
        public SmtpProbeRequest? Request;
        public SmtpProbeResult Result = new(GreetingDecision.Rejected, SmtpProbeStage.Ehlo, 504, "5.5.2 <scmgateway>: Helo command rejected: need fully-qualified hostname", "refused", Array.Empty<string>());

        public Task<SmtpProbeResult> ProbeAsync(SmtpProbeRequest request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(Result);
        }
    }

    [Fact]
    public async Task Factory_greeting_is_rejected_with_the_non_fqdn_reply_and_no_DNS_traffic()
    {
        var zone = Zone();

        var result = await new GreetingChecker(zone).CheckDnsAsync("scmgateway", Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Rejected, result.Decision);
        Assert.Equal("504 5.5.2 <scmgateway>: Helo command rejected: need fully-qualified hostname", result.Reason);
        Assert.Equal(CheckOutcome.Fail, result.Syntax);
        Assert.Equal(CheckOutcome.Skipped, result.Dns);
        Assert.Equal(0, zone.QueryCount);
    }

    [Theory]
    [InlineData("bad_name.example.test")]
    [InlineData("mail..example.test")]
    [InlineData("mail.example.test.")]
    [InlineData("-lead.example.test")]
    public async Task Malformed_greeting_is_rejected_with_501(string helo)
    {
        var result = await new GreetingChecker(Zone()).CheckDnsAsync(helo, Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Rejected, result.Decision);
        Assert.Equal(501, result.ExpectedReply!.Code);
        Assert.Equal("reject_invalid_helo_hostname", result.ExpectedReply.Rule);
    }

    [Fact]
    public async Task Bare_address_is_rejected_as_not_fully_qualified_like_Postfix_does()
    {
        var result = await new GreetingChecker(Zone()).CheckDnsAsync("192.0.2.10", Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Rejected, result.Decision);
        Assert.Equal("504 5.5.2 <192.0.2.10>: Helo command rejected: need fully-qualified hostname", result.Reason);
    }

    [Fact]
    public async Task Healthy_greeting_passes_every_check()
    {
        var result = await new GreetingChecker(Zone()).CheckDnsAsync("mail.example.test", Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Accepted, result.Decision);
        Assert.Equal(CheckOutcome.Pass, result.Syntax);
        Assert.Equal(CheckOutcome.Pass, result.Dns);
        Assert.Equal(CheckOutcome.Pass, result.ForwardConfirmedReverseDns);
        Assert.Equal(SpfResult.Pass, result.Spf);
        Assert.Null(result.ExpectedReply);
        Assert.Equal(new[] { "mail.example.test" }, result.PtrNames);
    }

    [Theory]
    [InlineData("nowhere.example.test")]
    [InlineData("empty.example.test")]
    public async Task Name_without_A_AAAA_or_MX_is_rejected_with_450(string helo)
    {
        var result = await new GreetingChecker(Zone()).CheckDnsAsync(helo, Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Rejected, result.Decision);
        Assert.Equal($"450 4.7.1 <{helo}>: Helo command rejected: Host not found", result.Reason);
        Assert.Equal(CheckOutcome.Fail, result.Dns);
    }

    [Fact]
    public async Task Name_with_only_an_MX_satisfies_the_unknown_hostname_rule_but_warns()
    {
        var result = await new GreetingChecker(Zone()).CheckDnsAsync("mxonly.example.test", Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Accepted, result.Decision);
        Assert.Equal(CheckOutcome.Warning, result.Dns);
    }

    [Fact]
    public async Task SPF_fail_of_the_HELO_identity_is_rejected()
    {
        var result = await new GreetingChecker(Zone()).CheckDnsAsync("other.example.test", Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Rejected, result.Decision);
        Assert.Equal(SpfResult.Fail, result.Spf);
        Assert.Equal(550, result.ExpectedReply!.Code);
        Assert.Equal(CheckOutcome.Warning, result.Dns); // resolves, but not to the sending address
        Assert.Null(result.SpfExplanation);
        Assert.Equal("550 5.7.23 Message rejected due to: SPF fail - not authorized", result.ExpectedReply.ToString());
    }

    [Fact]
    public async Task SPF_fail_carries_the_domain_s_explanation_into_the_predicted_reply()
    {
        var zone = Zone().A("told.example.test", "198.51.100.8").Txt("told.example.test", "v=spf1 a -all exp=why.example.test")
            .Txt("why.example.test", "%{h} may not send from %{i}");

        var result = await new GreetingChecker(zone).CheckDnsAsync("told.example.test", Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Rejected, result.Decision);
        Assert.Equal("told.example.test may not send from 192.0.2.10", result.SpfExplanation);
        Assert.Equal("550 5.7.23 Message rejected due to: told.example.test may not send from 192.0.2.10", result.ExpectedReply!.ToString());
        Assert.EndsWith("the domain explains: told.example.test may not send from 192.0.2.10", result.Verdict(GreetingCheck.Spf).Detail);
    }

    [Fact]
    public async Task DNS_failure_makes_the_decision_unknown()
    {
        var zone = Zone().Failing("flaky.example.test");

        var result = await new GreetingChecker(zone).CheckDnsAsync("flaky.example.test", Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Unknown, result.Decision);
        Assert.Equal(CheckOutcome.Unknown, result.Dns);
    }

    [Fact]
    public async Task Address_literal_is_accepted_without_name_checks()
    {
        var result = await new GreetingChecker(Zone()).CheckDnsAsync("[192.0.2.10]", Sender, CancellationToken.None);

        Assert.Equal(GreetingDecision.Accepted, result.Decision);
        Assert.Equal(CheckOutcome.Skipped, result.Dns);
        Assert.Equal(CheckOutcome.Pass, result.ForwardConfirmedReverseDns);
    }

    [Fact]
    public async Task Probe_answer_decides_and_is_reported_with_the_server_reply()
    {
        var probe = new RecordingProbe();
        var options = new GreetingCheckOptions { ProbeServer = SmtpEndpoint.Parse("127.0.0.25:2525"), Timeout = TimeSpan.FromSeconds(3) };

        var result = await new GreetingChecker(Zone(), probe).CheckAsync("scmgateway", Sender, options, CancellationToken.None);

        Assert.Equal("scmgateway", probe.Request!.HeloName);
        Assert.Equal(2525, probe.Request.Server.Port);
        Assert.Equal("postmaster@[127.0.0.25]", probe.Request.Recipient);
        Assert.Equal(CheckOutcome.Fail, result.Probe);
        Assert.Equal("504 5.5.2 <scmgateway>: Helo command rejected: need fully-qualified hostname", result.Reason);
    }

    [Fact]
    public async Task Unreachable_probe_leaves_the_prediction_in_charge()
    {
        var probe = new RecordingProbe { Result = new(GreetingDecision.Unknown, SmtpProbeStage.Connect, null, "", "could not talk", Array.Empty<string>()) };
        var options = new GreetingCheckOptions { ProbeServer = SmtpEndpoint.Parse("127.0.0.25") };

        var result = await new GreetingChecker(Zone(), probe).CheckAsync("mail.example.test", Sender, options, CancellationToken.None);

        Assert.Equal(GreetingDecision.Accepted, result.Decision);
        Assert.Equal(CheckOutcome.Unknown, result.Probe);
    }
}

public class ParsingAndClassifierTests
{
    [Theory]
    [InlineData("127.0.0.53", "127.0.0.53", 53)]
    [InlineData("127.0.0.53:5353", "127.0.0.53", 5353)]
    [InlineData("[::1]:5353", "::1", 5353)]
    [InlineData("::1", "::1", 53)]
    public void Dns_server_endpoint_parses(string text, string address, int port)
    {
        var endpoint = DnsServerEndpoint.Parse(text);
        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("dns.example.test")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("")]
    public void Bad_dns_server_is_refused_with_a_reason(string text)
    {
        Assert.False(DnsServerEndpoint.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("mx.example.test", "mx.example.test", 25)]
    [InlineData("127.0.0.25:2525", "127.0.0.25", 2525)]
    [InlineData("[2001:db8::1]:587", "2001:db8::1", 587)]
    public void Smtp_endpoint_parses(string text, string host, int port)
    {
        var endpoint = SmtpEndpoint.Parse(text);
        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("mx.example.test", "postmaster@mx.example.test")]
    [InlineData("127.0.0.25:2525", "postmaster@[127.0.0.25]")]
    [InlineData("[2001:db8::1]:25", "postmaster@[IPv6:2001:db8::1]")]
    public void Default_probe_recipient_is_a_fully_qualified_postmaster(string server, string expected)
    {
        Assert.Equal(expected, SmtpProbeRequest.DefaultRecipient(SmtpEndpoint.Parse(server)));
    }

    [Theory]
    [InlineData(SmtpProbeStage.Ehlo, 250, "ok", GreetingDecision.Accepted)]
    [InlineData(SmtpProbeStage.Ehlo, 504, "5.5.2 <scmgateway>: Helo command rejected: need fully-qualified hostname", GreetingDecision.Rejected)]
    [InlineData(SmtpProbeStage.RcptTo, 450, "4.7.1 <x.test>: Helo command rejected: Host not found", GreetingDecision.Rejected)]
    [InlineData(SmtpProbeStage.RcptTo, 550, "5.7.23 <postmaster>: Recipient address rejected: Message rejected due to: SPF fail - not authorized", GreetingDecision.Rejected)]
    [InlineData(SmtpProbeStage.RcptTo, 554, "5.7.1 <a@b.test>: Relay access denied", GreetingDecision.Unknown)]
    [InlineData(SmtpProbeStage.RcptTo, 250, "2.1.5 Ok", GreetingDecision.Accepted)]
    [InlineData(SmtpProbeStage.Banner, 554, "no service", GreetingDecision.Unknown)]
    public void Probe_replies_are_classified(SmtpProbeStage stage, int code, string text, GreetingDecision expected)
    {
        Assert.Equal(expected, SmtpProbeClassifier.Classify(stage, code, text));
    }
}
