using EmailGateway.Smtp.Dns;
using EmailGateway.Smtp.Tests.Fakes;
using Xunit;

namespace EmailGateway.Smtp.Tests.Dns;

/// <summary>DnsClientResolver against the loopback responder: what reaches the wire, truncation and silence.</summary>
public sealed class DnsClientResolverTests : IDisposable
{
    private readonly FakeZone zone = new FakeZone()
        .Add("big.test", ZoneRecord.Text(ZoneRecordType.Txt, Enumerable.Range(0, 6).Select(i => new string((char)('a' + i), 200)).ToArray()))
        .Unanswered("silent.test");
    private readonly LoopbackDnsServer server;

    public DnsClientResolverTests() => server = LoopbackDnsServer.Start(zone, ZoneServers.Address);

    [Theory]
    [InlineData("relay..example.test", "empty label")]
    [InlineData("r123456789012345678901234567890123456789012345678901234567890123.example.test", "longer than 63")]
    [InlineData("", "empty")]
    public async Task A_malformed_name_is_never_sent(string name, string problem)
    {
        var answer = await new DnsClientResolver(server.EndPoint, TimeSpan.FromSeconds(2)).QueryAsync(name, DnsRecordKind.A, CancellationToken.None);

        Assert.Equal(DnsAnswerStatus.Failed, answer.Status);
        Assert.Contains("was not asked", answer.Detail);
        Assert.Contains(problem, answer.Detail);
        Assert.Empty(server.Log);
    }

    [Fact]
    public async Task A_record_too_large_for_udp_comes_over_tcp_with_its_strings_joined()
    {
        var answer = await new DnsClientResolver(server.EndPoint, TimeSpan.FromSeconds(2)).QueryAsync("big.test", DnsRecordKind.Txt, CancellationToken.None);

        Assert.Equal(DnsAnswerStatus.Found, answer.Status);
        Assert.Equal(1200, Assert.Single(answer.Records).Length);
        Assert.Contains("udp big.test", server.Log);
        Assert.Contains("tcp big.test", server.Log);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_failure_not_an_absence()
    {
        var answer = await new DnsClientResolver(server.EndPoint, TimeSpan.FromMilliseconds(300)).QueryAsync("silent.test", DnsRecordKind.Txt, CancellationToken.None);

        Assert.Equal(DnsAnswerStatus.Failed, answer.Status);
        Assert.Equal("timeout", answer.Detail);
    }

    public void Dispose() => server.Dispose();
}
