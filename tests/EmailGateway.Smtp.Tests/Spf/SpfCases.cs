using EmailGateway.Smtp.Spf;
using EmailGateway.Smtp.Tests.Fakes;

namespace EmailGateway.Smtp.Tests.Spf;

/// <summary>
/// SPF cases for the HELO identity, each with its own greeting name in one shared zone. Expected results follow
/// RFC 7208. <see cref="OracleDiffers"/> names the few cases where ARSoft.Tools.Net 3.6.1 is known to depart from
/// the RFC (it has no void-lookup limit), so they are checked against the RFC only.
/// </summary>
public sealed record SpfCase(string Name, string Helo, string Client, SpfResult Expected, string? OracleDiffers = null)
{
    public override string ToString() => Name;
}

public static class SpfCases
{
    public const string Good = "192.0.2.10";
    public const string Other = "192.0.2.99";

    public static FakeZone Zone()
    {
        var z = new FakeZone();
        z.Txt("pass.test", "v=spf1 ip4:192.0.2.10 -all").A("pass.test", Good);
        z.Txt("soft.test", "v=spf1 ip4:192.0.2.10 ~all");
        z.Txt("neutral.test", "v=spf1 ?all");
        z.Txt("nomatch.test", "v=spf1 ip4:198.51.100.0/24");
        z.A("nospf.test", Good).Txt("nospf.test", "some other text", "v=spf10 not spf");
        z.Txt("cidr.test", "v=spf1 ip4:192.0.2.0/24 -all");
        z.Txt("amech.test", "v=spf1 a -all").A("amech.test", Good);
        z.Txt("aother.test", "v=spf1 a:hosts.aother.test/24 -all").A("hosts.aother.test", "192.0.2.200");
        z.Txt("mxmech.test", "v=spf1 mx -all").Mx("mxmech.test", "mail.mxmech.test").A("mail.mxmech.test", Good);
        z.Txt("include.test", "v=spf1 include:spf.provider.test -all").Txt("spf.provider.test", "v=spf1 ip4:192.0.2.10 -all");
        z.Txt("include-none.test", "v=spf1 include:nothing-here.test -all").A("nothing-here.test", Good);
        z.Txt("include-fail.test", "v=spf1 include:spf.strict.test ?all").Txt("spf.strict.test", "v=spf1 -all");
        z.Txt("redirect.test", "v=spf1 redirect=_spf.base.test").Txt("_spf.base.test", "v=spf1 ip4:192.0.2.10 -all");
        z.Txt("redirect-none.test", "v=spf1 redirect=_spf.empty.test").A("_spf.empty.test", Good);
        z.Txt("exists-ip.test", "v=spf1 exists:%{i}.allow.exists-ip.test -all").A("192.0.2.10.allow.exists-ip.test", "127.0.0.2");
        z.Txt("exists-rev.test", "v=spf1 exists:%{ir}.rev.exists-rev.test -all").A("10.2.0.192.rev.exists-rev.test", "127.0.0.2");
        z.Txt("exists-d.test", "v=spf1 exists:%{d}.ok.exists-d.test -all").A("exists-d.test.ok.exists-d.test", "127.0.0.2");
        z.Txt("exists-h.test", "v=spf1 exists:%{h}.helo.exists-h.test -all").A("exists-h.test.helo.exists-h.test", "127.0.0.2");
        z.Txt("exists-l.test", "v=spf1 exists:%{l}.%{o}.local.exists-l.test -all").A("postmaster.exists-l.test.local.exists-l.test", "127.0.0.2");
        z.Txt("two.test", "v=spf1 -all", "v=spf1 +all");
        z.Txt("badip.test", "v=spf1 ip4:999.1.1.1 -all");
        z.Txt("badmech.test", "v=spf1 foo:bar.test -all");
        z.Txt("badprefix.test", "v=spf1 ip4:192.0.2.0/33 -all");
        z.Txt("empty.test", "v=spf1");
        z.Txt("unknownmod.test", "v=spf1 moo=cow.test ip4:192.0.2.10 -all");
        z.Txt("upper.test", "v=spf1 IP4:192.0.2.10 -ALL");
        z.Txt("upper-version.test", "V=SPF1 ip4:192.0.2.10 -all");
        z.Txt("ip6.test", "v=spf1 ip6:2001:db8::/32 -all");
        z.Txt("ptr.test", "v=spf1 ptr:ptr.test -all").Ptr(Good, "host.ptr.test").A("host.ptr.test", Good);
        z.Txt("servfail.test", "v=spf1 -all").Failing("servfail.test");
        z.Txt("afail.test", "v=spf1 a:down.afail.test -all").Failing("down.afail.test");
        // eleven address lookups that exist but do not match: the eleventh breaks the limit of 10
        var eleven = string.Join(" ", Enumerable.Range(1, 11).Select(i => $"a:h{i}.limit11.test"));
        z.Txt("limit11.test", $"v=spf1 {eleven} -all");
        var ten = string.Join(" ", Enumerable.Range(1, 10).Select(i => $"a:h{i}.limit11.test"));
        z.Txt("limit10.test", $"v=spf1 {ten} -all");
        for (var i = 1; i <= 11; i++) z.A($"h{i}.limit11.test", "198.51.100.1");
        // includes that nest: a -> b -> c, with c authorising the address
        z.Txt("nest.test", "v=spf1 include:b.nest.test -all").Txt("b.nest.test", "v=spf1 include:c.nest.test -all").Txt("c.nest.test", "v=spf1 ip4:192.0.2.10 -all");
        z.Txt("void3.test", "v=spf1 a:gone1.void3.test a:gone2.void3.test a:gone3.void3.test -all");
        z.Txt("void2.test", "v=spf1 a:gone1.void2.test a:gone2.void2.test -all");
        return z;
    }

    public static IEnumerable<SpfCase> All() => new[]
    {
        new SpfCase("ip4 pass", "pass.test", Good, SpfResult.Pass),
        new SpfCase("ip4 fail", "pass.test", Other, SpfResult.Fail),
        new SpfCase("softfail", "soft.test", Other, SpfResult.SoftFail),
        new SpfCase("neutral all", "neutral.test", Other, SpfResult.Neutral),
        new SpfCase("no term matches, no all", "nomatch.test", Other, SpfResult.Neutral),
        new SpfCase("no SPF record", "nospf.test", Good, SpfResult.None),
        new SpfCase("name does not exist", "missing.test", Good, SpfResult.None),
        new SpfCase("ip4 cidr", "cidr.test", "192.0.2.77", SpfResult.Pass),
        new SpfCase("a of the domain", "amech.test", Good, SpfResult.Pass),
        new SpfCase("a of the domain, other client", "amech.test", Other, SpfResult.Fail),
        new SpfCase("a of another name with /24", "aother.test", Good, SpfResult.Pass),
        new SpfCase("mx", "mxmech.test", Good, SpfResult.Pass),
        new SpfCase("mx, other client", "mxmech.test", Other, SpfResult.Fail),
        new SpfCase("include pass", "include.test", Good, SpfResult.Pass),
        new SpfCase("include not matching", "include.test", Other, SpfResult.Fail),
        new SpfCase("include of a domain without SPF", "include-none.test", Good, SpfResult.PermError),
        new SpfCase("include whose policy fails does not match", "include-fail.test", Good, SpfResult.Neutral),
        new SpfCase("redirect pass", "redirect.test", Good, SpfResult.Pass),
        new SpfCase("redirect fail", "redirect.test", Other, SpfResult.Fail),
        new SpfCase("redirect to a domain without SPF", "redirect-none.test", Good, SpfResult.PermError),
        new SpfCase("exists with %{i}", "exists-ip.test", Good, SpfResult.Pass),
        new SpfCase("exists with %{i}, other client", "exists-ip.test", Other, SpfResult.Fail),
        new SpfCase("exists with %{ir}", "exists-rev.test", Good, SpfResult.Pass),
        new SpfCase("exists with %{d}", "exists-d.test", Good, SpfResult.Pass),
        new SpfCase("exists with %{h}", "exists-h.test", Good, SpfResult.Pass),
        new SpfCase("exists with %{l} and %{o}", "exists-l.test", Good, SpfResult.Pass),
        new SpfCase("two SPF records", "two.test", Good, SpfResult.PermError),
        new SpfCase("invalid ip4", "badip.test", Good, SpfResult.PermError),
        new SpfCase("unknown mechanism", "badmech.test", Good, SpfResult.PermError),
        new SpfCase("prefix over 32", "badprefix.test", Good, SpfResult.PermError),
        new SpfCase("record without terms", "empty.test", Good, SpfResult.Neutral, OracleDiffers: "ARSoft.Tools.Net treats a bare \"v=spf1\" as no record; RFC 7208 section 4.5 ends the version at SP or the end of the record"),
        new SpfCase("unknown modifier is ignored", "unknownmod.test", Good, SpfResult.Pass),
        new SpfCase("mechanism names ignore case", "upper.test", Good, SpfResult.Pass),
        new SpfCase("version tag ignores case", "upper-version.test", Good, SpfResult.Pass, OracleDiffers: "ARSoft.Tools.Net matches \"v=spf1\" case-sensitively; ABNF literals (RFC 5234) are case-insensitive"),
        new SpfCase("ip6 client in ip6 network", "ip6.test", "2001:db8::5", SpfResult.Pass),
        new SpfCase("ip4 client against ip6 network", "ip6.test", Good, SpfResult.Fail),
        new SpfCase("ptr validated", "ptr.test", Good, SpfResult.Pass),
        new SpfCase("ptr, client without PTR", "ptr.test", Other, SpfResult.Fail),
        new SpfCase("TXT lookup fails", "servfail.test", Good, SpfResult.TempError),
        new SpfCase("a lookup fails", "afail.test", Good, SpfResult.TempError),
        new SpfCase("eleven lookups", "limit11.test", Good, SpfResult.PermError),
        new SpfCase("ten lookups", "limit10.test", Good, SpfResult.Fail),
        new SpfCase("nested includes", "nest.test", Good, SpfResult.Pass),
        new SpfCase("two void lookups", "void2.test", Good, SpfResult.Fail),
        new SpfCase("three void lookups", "void3.test", Good, SpfResult.PermError, OracleDiffers: "ARSoft.Tools.Net has no void-lookup limit (RFC 7208 section 4.6.4)"),
    };

    public static IEnumerable<object[]> Data() => All().Select(c => new object[] { c });
    public static IEnumerable<object[]> OracleData() => All().Where(c => c.OracleDiffers == null).Select(c => new object[] { c });
}
