using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Spf;
using EmailGateway.Smtp.Spf;
using EmailGateway.Smtp.Tests.Fakes;
using Xunit;

namespace EmailGateway.Smtp.Tests.Spf;

public class SpfEvaluatorTests
{
    [Theory]
    [MemberData(nameof(SpfCases.Data), MemberType = typeof(SpfCases))]
    public async Task Evaluates_the_HELO_identity_as_RFC_7208_says(SpfCase spfCase)
    {
        var evaluation = await new SpfEvaluator(SpfCases.Zone()).CheckHeloAsync(IPAddress.Parse(spfCase.Client), spfCase.Helo, CancellationToken.None);

        Assert.True(spfCase.Expected == evaluation.Result, $"{spfCase.Name}: expected {spfCase.Expected}, got {evaluation}");
        Assert.False(string.IsNullOrWhiteSpace(evaluation.Reason));
    }

    [Theory]
    [MemberData(nameof(SpfCases.OracleData), MemberType = typeof(SpfCases))]
    public async Task Agrees_with_ARSoft_on_the_same_zone(SpfCase spfCase)
    {
        var zone = SpfCases.Zone();
        var client = IPAddress.Parse(spfCase.Client);
        var ours = await new SpfEvaluator(zone).CheckHeloAsync(client, spfCase.Helo, CancellationToken.None);

        var oracle = new SpfValidator { DnsResolver = new ArSoftZoneResolver(zone), HeloDomain = DomainName.Parse(spfCase.Helo), DnsLookupLimit = 20 };
        var theirs = await oracle.CheckHostAsync(client, DomainName.Parse(spfCase.Helo), "postmaster@" + spfCase.Helo, false, CancellationToken.None);

        Assert.True(theirs.Result.ToString() == ours.Result.ToString(), $"{spfCase.Name}: ARSoft says {theirs.Result}, we say {ours}");
    }

    [Fact]
    public async Task Counts_lookups_and_void_lookups()
    {
        var zone = SpfCases.Zone();
        var limit = await new SpfEvaluator(zone).CheckHeloAsync(IPAddress.Parse(SpfCases.Good), "limit10.test", CancellationToken.None);
        var voids = await new SpfEvaluator(zone).CheckHeloAsync(IPAddress.Parse(SpfCases.Good), "void2.test", CancellationToken.None);

        Assert.Equal(10, limit.DnsLookups);
        Assert.Equal(2, voids.VoidLookups);
        Assert.Equal("-all", limit.MatchedTerm);
    }

    [Theory]
    [InlineData("v=spf1 exists:%{x}.example.test -all")]  // unknown macro letter
    [InlineData("v=spf1 exists:%{d0}.example.test -all")] // zero label count
    [InlineData("v=spf1 exists:%{c}.example.test -all")]  // c is for explanations only
    [InlineData("v=spf1 include:nodot -all")]               // domain-spec must end in a top label
    [InlineData("v=spf1 all:foo.test")]                     // all takes no argument
    [InlineData("v=spf1 ip4:10.1 -all")]                    // shorthand addresses are not a dotted quad
    [InlineData("v=spf1 redirect=a.test redirect=b.test")]  // redirect at most once
    [InlineData("v=spf1 a/024 -all")]                       // leading zero in prefix
    public async Task Syntax_errors_are_permerror(string record)
    {
        var zone = new FakeZone().Txt("syntax.test", record);

        var evaluation = await new SpfEvaluator(zone).CheckHeloAsync(IPAddress.Parse(SpfCases.Good), "syntax.test", CancellationToken.None);

        Assert.Equal(SpfResult.PermError, evaluation.Result);
    }

    [Fact]
    public async Task Ip6_macro_i_is_dotted_nibbles()
    {
        var client = IPAddress.Parse("2001:db8::1");
        var nibbles = "2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1";
        var zone = new FakeZone().Txt("six.test", "v=spf1 exists:%{i}._i.six.test -all").A($"{nibbles}._i.six.test", "127.0.0.2");

        var evaluation = await new SpfEvaluator(zone).CheckHeloAsync(client, "six.test", CancellationToken.None);

        Assert.Equal(SpfResult.Pass, evaluation.Result);
    }

    [Fact]
    public async Task Single_label_HELO_has_no_policy()
    {
        var evaluation = await new SpfEvaluator(new FakeZone()).CheckHeloAsync(IPAddress.Parse(SpfCases.Good), "scmgateway", CancellationToken.None);

        Assert.Equal(SpfResult.None, evaluation.Result);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new SpfEvaluator(SpfCases.Zone()).CheckHeloAsync(IPAddress.Parse(SpfCases.Good), "pass.test", cts.Token));
    }
}
