using EmailGateway.Smtp.Dns;
using EmailGateway.Smtp.Tests.Dns;
using Xunit;

namespace EmailGateway.Smtp.Tests.Spf.Conformance;

/// <summary>
/// Our RFC 7208 conformance cases (rfc7208-conformance.yml), each run through the in-memory zone and through
/// DnsClientResolver against a real loopback DNS server holding the same zone. The servers run without root.
/// </summary>
[Trait("Category", "SpfConformance")]
public sealed class ConformanceTests : IClassFixture<ZoneServers>
{
    private static readonly Lazy<IReadOnlyList<ConformanceSection>> Sections = new(ConformanceFile.Own);
    private static readonly Lazy<Dictionary<string, ConformanceCase>> ById = new(() => Sections.Value.SelectMany(s => s.Cases).ToDictionary(c => c.Id));
    private readonly ZoneServers servers;

    public ConformanceTests(ZoneServers servers) => this.servers = servers;

    public static IEnumerable<object[]> CaseIds() => ById.Value.Keys.Select(id => new object[] { id });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task In_memory(string id)
    {
        var spfCase = ById.Value[id];

        var (_, difference) = await ConformanceRunner.RunAsync(spfCase, spfCase.Section.Zone, CancellationToken.None);

        Assert.True(difference == null, $"{ConformanceRunner.Describe(spfCase)}: {difference}");
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Through_DnsClient_and_a_loopback_server(string id)
    {
        var spfCase = ById.Value[id];
        var served = servers.For(spfCase.Section.Zone);

        var (_, difference) = await ConformanceRunner.RunAsync(spfCase, ConformanceRunner.WireResolver(served.EndPoint), CancellationToken.None);

        Assert.True(difference == null, $"{ConformanceRunner.Describe(spfCase)} via {served.Kind} on {served.EndPoint}: {difference}\n{served.Log}");
    }

    [Fact]
    public void Cover_each_public_case_once_in_every_section()
    {
        var cases = Sections.Value.SelectMany(s => s.Cases).ToList();

        Assert.Equal(16, Sections.Value.Count);
        Assert.Equal(203, cases.Count);
        Assert.Equal(cases.Count, cases.Select(c => c.Covers).Distinct().Count());
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Covers) || string.IsNullOrWhiteSpace(c.Rfc) || string.IsNullOrWhiteSpace(c.About), $"{c.Id} lacks covers, rfc or about"));
        Assert.All(Sections.Value, s => Assert.NotEmpty(s.Cases));
        Assert.True(cases.Count(c => c.ChecksExplanation) >= 22, "the explanation cases are missing");
    }

    /// <summary>Where dnsmasq can hold a zone, our responder must answer every question about it as dnsmasq does.</summary>
    [Fact]
    public async Task The_loopback_responder_answers_as_dnsmasq_does()
    {
        var compared = 0;
        foreach (var zone in Sections.Value.Select(s => s.Zone).Where(z => DnsmasqZoneServer.CanServe(z, out _)))
        {
            using var responder = LoopbackDnsServer.Start(zone, ZoneServers.Address);
            var dnsmasq = ConformanceRunner.WireResolver(servers.For(zone).EndPoint);
            var ours = ConformanceRunner.WireResolver(responder.EndPoint);
            foreach (var (name, _) in zone.Names())
            {
                foreach (var kind in Enum.GetValues<DnsRecordKind>())
                {
                    var expected = await dnsmasq.QueryAsync(name, kind, CancellationToken.None);
                    var actual = await ours.QueryAsync(name, kind, CancellationToken.None);
                    // dnsmasq says NXDOMAIN where a name holds other types only; both are void to SPF
                    Assert.True(expected.IsVoid == actual.IsVoid && expected.Records.OrderBy(r => r).SequenceEqual(actual.Records.OrderBy(r => r)),
                        $"{name} {kind}: dnsmasq {expected}, responder {actual}");
                    compared++;
                }
            }
        }
        Assert.True(compared > 500, $"only {compared} questions compared");
    }
}
