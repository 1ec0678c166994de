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
    [InlineData("v=spf1 ip4:192.0.2.10\n -all")]            // a line feed ends no term: it is part of it
    [InlineData("v=spf1 ip4:192.0.2.0/24\n -all")]
    [InlineData("v=spf1 ip6:2001:db8::1\n +all")]
    [InlineData("v=spf1 +all\n")]
    [InlineData("v=spf1 a/24\n +all")]
    [InlineData("v=spf1 redirect=pass.test\n")]
    [InlineData("v=spf1 exp=why.test\n -all")]
    [InlineData("v=spf1 a:host.test\t+all")]                 // only spaces separate terms
    [InlineData("v=spf1 ip4:192.0.2.010 +all")]             // leading zero in an octet
    [InlineData("v=spf1 ip6:2001:db8::1%eth0 +all")]        // scope ids are no part of ip6-network
    public async Task Syntax_errors_are_permerror(string record)
    {
        var zone = new FakeZone().Txt("syntax.test", record);

        var evaluation = await new SpfEvaluator(zone).CheckHeloAsync(IPAddress.Parse(SpfCases.Good), "syntax.test", CancellationToken.None);

        Assert.Equal(SpfResult.PermError, evaluation.Result);
    }

    [Theory]
    [InlineData("mx.other.test", "gw.example.test", "gw.example.test")] // a name under the domain beats one elsewhere,
    [InlineData("gw.example.test", "mx.other.test", "gw.example.test")] // whatever the PTR order
    [InlineData("gw.example.test", "example.test", "example.test")]     // the domain itself beats a name under it
    [InlineData("mx.other.test", "mx2.other.test", "mx.other.test")]    // otherwise any validated name
    public async Task Macro_p_prefers_a_validated_name_at_or_under_the_domain(string first, string second, string expected)
    {
        var zone = new FakeZone()
            .Txt("example.test", "v=spf1 -all exp=why.test").Txt("why.test", "%{p}")
            .Ptr(SpfCases.Good, first, second).A(first, SpfCases.Good).A(second, SpfCases.Good);

        var evaluation = await new SpfEvaluator(zone).CheckHostAsync(IPAddress.Parse(SpfCases.Good), "example.test", "ops@example.test", "relay.test", CancellationToken.None);

        Assert.Equal(SpfResult.Fail, evaluation.Result);
        Assert.Equal(expected, evaluation.Explanation);
    }

    [Fact]
    public async Task Whole_evaluation_is_bounded_in_time()
    {
        var terms = string.Join(" ", Enumerable.Range(1, 9).Select(i => $"a:h{i}.slow.test"));
        var zone = new FakeZone().Txt("slow.test", $"v=spf1 {terms} -all");
        for (var i = 1; i <= 9; i++) zone.A($"h{i}.slow.test", "198.51.100.1");

        var evaluation = await new SpfEvaluator(new SlowResolver(zone, TimeSpan.FromMilliseconds(200)), TimeSpan.FromMilliseconds(500))
            .CheckHeloAsync(IPAddress.Parse(SpfCases.Good), "slow.test", CancellationToken.None);

        Assert.Equal(SpfResult.TempError, evaluation.Result);
        Assert.Contains("limit of 0.5 s", evaluation.Reason);
    }

    [Fact]
    public async Task Explanation_is_fetched_only_for_a_fail()
    {
        var zone = new FakeZone()
            .Txt("soft.test", "v=spf1 ~all exp=why.test").Txt("hard.test", "v=spf1 -all exp=why.test").Txt("why.test", "%{i} is not %{d}'s");
        var client = IPAddress.Parse(SpfCases.Good);

        var soft = await new SpfEvaluator(zone).CheckHeloAsync(client, "soft.test", CancellationToken.None);
        var hard = await new SpfEvaluator(zone).CheckHeloAsync(client, "hard.test", CancellationToken.None);

        Assert.Null(soft.Explanation);
        Assert.Equal("192.0.2.10 is not hard.test's", hard.Explanation);
        Assert.Contains("the domain explains: 192.0.2.10 is not hard.test's", hard.ToString());
    }

    private sealed class SlowResolver(EmailGateway.Smtp.Dns.IDnsResolver inner, TimeSpan delay) : EmailGateway.Smtp.Dns.IDnsResolver
    {
        public async Task<EmailGateway.Smtp.Dns.DnsAnswer> QueryAsync(string name, EmailGateway.Smtp.Dns.DnsRecordKind kind, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return await inner.QueryAsync(name, kind, cancellationToken);
        }
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
