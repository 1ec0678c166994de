using Xunit;
using EmailGateway.Model;

namespace EmailGateway.Tests.Core.Model;

public class GatewayBuildTests
{
    [Theory]
    [InlineData("7.6.4 P3 HF1,HF2", "7.6.4", 3, new[] { "1", "2" }, "7.6.4 P3 HF1,HF2")]
    [InlineData("7.6.4", "7.6.4", 0, new string[0], "7.6.4")]
    [InlineData("7.6.4 P3", "7.6.4", 3, new string[0], "7.6.4 P3")]
    [InlineData("7.6.4 HF1", "7.6.4", 0, new[] { "1" }, "7.6.4 HF1")]
    [InlineData("7.6.4 P3 HF1,2", "7.6.4", 3, new[] { "1", "2" }, "7.6.4 P3 HF1,HF2")]
    [InlineData("7.6.4 p3 hf1,hf2", "7.6.4", 3, new[] { "1", "2" }, "7.6.4 P3 HF1,HF2")]
    [InlineData("  7.6.4   P3   HF1 , HF2  ", "7.6.4", 3, new[] { "1", "2" }, "7.6.4 P3 HF1,HF2")]
    [InlineData("7.6.4 P3 HF2,HF1", "7.6.4", 3, new[] { "1", "2" }, "7.6.4 P3 HF1,HF2")]
    [InlineData("7.6.4 P3 HF10,HF2", "7.6.4", 3, new[] { "2", "10" }, "7.6.4 P3 HF2,HF10")]
    [InlineData("7.6.4 P3 HF1,HF1", "7.6.4", 3, new[] { "1" }, "7.6.4 P3 HF1")]
    [InlineData("7.6.4 HFab12", "7.6.4", 0, new[] { "AB12" }, "7.6.4 HFAB12")]
    [InlineData("7.6", "7.6", 0, new string[0], "7.6")]
    [InlineData("5.6.0.1 P12", "5.6.0.1", 12, new string[0], "5.6.0.1 P12")]
    public void Parse_reads_version_patch_and_hotfixes_and_prints_canonically(string text, string version, int patch, string[] hotfixes, string printed)
    {
        var build = GatewayBuild.Parse(text);

        Assert.Equal(Version.Parse(version), build.Version);
        Assert.Equal(patch, build.Patch);
        Assert.Equal(hotfixes, build.Hotfixes);
        Assert.Equal(printed, build.ToString());
    }

    [Theory]
    [InlineData("7.6.4 P3 HF1,HF2")]
    [InlineData("7.6.4")]
    [InlineData("7.6.4 P3")]
    [InlineData("7.6.4 HF7")]
    [InlineData("7.6.4 P3 HF2,HF10,HFA")]
    public void Printed_text_parses_back_to_an_equal_build(string text)
    {
        var build = GatewayBuild.Parse(text);
        var again = GatewayBuild.Parse(build.ToString());

        Assert.Equal(build, again);
        Assert.Equal(build.ToString(), again.ToString());
    }

    [Fact]
    public void Patch_zero_means_no_patch()
    {
        Assert.Equal(GatewayBuild.Parse("7.6.4"), GatewayBuild.Parse("7.6.4 P0"));
        Assert.Equal("7.6.4", GatewayBuild.Parse("7.6.4 P0").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("7")]
    [InlineData("7.")]
    [InlineData("7.6.4.1.2")]
    [InlineData("7.6.4 Px")]
    [InlineData("7.6.4 P")]
    [InlineData("7.6.4 P-1")]
    [InlineData("7.6.4 HF")]
    [InlineData("7.6.4 P3 HF1,,2")]
    [InlineData("7.6.4 P3 HF1,")]
    [InlineData("7.6.4 P3 HF1;HF2")]
    [InlineData("7.6.4 HF1 P3")]
    [InlineData("-7.6.4")]
    [InlineData("7.-6.4")]
    [InlineData("v7.6.4")]
    [InlineData("7.6.4P3")]
    [InlineData("7.6.4 P3 extra")]
    public void Malformed_text_is_a_FormatException_naming_the_text_and_the_shape(string text)
    {
        var ex = Assert.Throws<FormatException>(() => GatewayBuild.Parse(text));

        Assert.Contains($"'{text}'", ex.Message);
        Assert.Contains("<version> [P<patch>] [HF<id>[,<id>...]]", ex.Message);
        Assert.Contains("7.6.4 P3 HF1,HF2", ex.Message);
    }

    [Theory]
    [InlineData("7.6.4 HFHF")]
    [InlineData("7.6.4 P3 HF1,HF")]
    [InlineData("99999999999.6.4")]
    [InlineData("7.6.4 P99999999999")]
    public void Hotfix_and_number_edge_cases_are_FormatExceptions_naming_the_text(string text)
    {
        var ex = Assert.Throws<FormatException>(() => GatewayBuild.Parse(text));

        Assert.Contains($"'{text}'", ex.Message);
        Assert.Contains("<version> [P<patch>] [HF<id>[,<id>...]]", ex.Message);
    }

    [Theory]
    [InlineData("7.6.4 HFHF")]
    [InlineData("7.6.4 P3 HF1,HF")]
    [InlineData("99999999999.6.4")]
    [InlineData("7.6.4 P99999999999")]
    [InlineData("abc")]
    [InlineData(null)]
    public void TryParse_returns_false_and_never_throws_on_bad_text(string? text)
    {
        var ok = GatewayBuild.TryParse(text, out var build, out var error);

        Assert.False(ok);
        Assert.Null(build);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Null_text_is_a_FormatException()
    {
        Assert.Throws<FormatException>(() => GatewayBuild.Parse(null!));
    }

    [Fact]
    public void TryParse_succeeds_with_empty_error()
    {
        Assert.True(GatewayBuild.TryParse("7.6.4 P3", out var build, out var error));
        Assert.Equal("7.6.4 P3", build!.ToString());
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Constructor_rejects_negative_patch_and_null_version()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GatewayBuild(new Version(7, 6, 4), -1));
        Assert.Equal("patch", ex.ParamName);
        Assert.Throws<ArgumentNullException>(() => new GatewayBuild(null!));
    }

    [Fact]
    public void Constructor_normalises_hotfix_prefix_and_case()
    {
        var build = new GatewayBuild(new Version(7, 6, 4), 3, new[] { "hf2", "HF1", "1" });
        Assert.Equal(new[] { "1", "2" }, build.Hotfixes);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P3 HF1,HF2"), build);
    }

    [Theory]
    [InlineData("7.6.4 P3 HF1,HF2", "7.6.4 P3 HF2,HF1")]
    [InlineData("7.6.4 P3 HF1,HF2", "7.6.4 p3 hf1,2")]
    [InlineData("7.6.4 P3 HF1,HF2", " 7.6.4  P3  HF2 ,HF1 ")]
    [InlineData("7.6.4", "7.6.4 P0")]
    [InlineData("7.6.4 HFa", "7.6.4 HFA")]
    public void Equal_builds_are_equal_every_way_and_hash_alike(string left, string right)
    {
        var a = GatewayBuild.Parse(left);
        var b = GatewayBuild.Parse(right);

        Assert.True(a.Equals(b));
        Assert.True(b.Equals(a));
        Assert.True(a.Equals((object)b));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(0, a.CompareTo(b));
        Assert.Equal(0, b.CompareTo(a));
        Assert.Single(new HashSet<GatewayBuild> { a, b });
    }

    [Theory]
    [InlineData("7.6.4 P3 HF1,HF2", "7.6.5 P3 HF1,HF2")]   // version differs
    [InlineData("7.6.4 P3 HF1,HF2", "7.6.4 P4 HF1,HF2")]   // patch differs
    [InlineData("7.6.4 P3 HF1,HF2", "7.6.4 P3 HF1")]       // hotfix subset
    [InlineData("7.6.4 P3 HF1,HF2", "7.6.4 P3 HF1,HF3")]   // hotfix set differs
    [InlineData("7.6.4 P3 HF1,HF2", "7.6.4 P3")]           // no hotfixes
    [InlineData("7.6.4 P3", "7.6.4")]                      // no patch
    [InlineData("7.6.4 HF1", "7.6.4 P1")]                  // patch is not a hotfix
    public void Builds_that_differ_in_any_part_are_not_equal(string left, string right)
    {
        var a = GatewayBuild.Parse(left);
        var b = GatewayBuild.Parse(right);

        Assert.False(a.Equals(b));
        Assert.False(b.Equals(a));
        Assert.False(a == b);
        Assert.True(a != b);
        Assert.NotEqual(0, a.CompareTo(b));
        Assert.Equal(2, new HashSet<GatewayBuild> { a, b }.Count);
    }

    [Fact]
    public void Null_comparisons_are_consistent()
    {
        var build = GatewayBuild.Parse("7.6.4");
        GatewayBuild? nothing = null;

        Assert.False(build.Equals(null));
        Assert.False(build.Equals((object?)"7.6.4"));
        Assert.False(build == nothing);
        Assert.False(nothing == build);
        Assert.True(nothing == null);
        Assert.Equal(1, build.CompareTo(null));
    }

    [Theory]
    [InlineData("7.6.3 P9 HF9", "7.6.4")]                 // version first
    [InlineData("7.6.4", "7.6.10")]                       // numeric, not textual, version order
    [InlineData("7.6.4 HF1,HF2", "7.6.4 P1")]             // patch before hotfixes
    [InlineData("7.6.4 P3", "7.6.4 P3 HF1")]              // any hotfix is newer than none
    [InlineData("7.6.4 P3 HF1", "7.6.4 P3 HF1,HF2")]      // superset of hotfixes is newer
    [InlineData("7.6.4 P2 HF5", "7.6.4 P10")]             // numeric patch order
    public void CompareTo_orders_by_version_then_patch_then_hotfix_superset(string older, string newer)
    {
        var a = GatewayBuild.Parse(older);
        var b = GatewayBuild.Parse(newer);

        Assert.True(a.CompareTo(b) < 0, $"{a} should sort before {b}");
        Assert.True(b.CompareTo(a) > 0, $"{b} should sort after {a}");
    }

    [Fact]
    public void Disjoint_hotfix_sets_compare_antisymmetrically()
    {
        var a = GatewayBuild.Parse("7.6.4 P3 HF1");
        var b = GatewayBuild.Parse("7.6.4 P3 HF2");

        Assert.NotEqual(0, a.CompareTo(b));
        Assert.Equal(-Math.Sign(a.CompareTo(b)), Math.Sign(b.CompareTo(a)));
    }

    [Fact]
    public void Sorting_a_list_gives_upgrade_order()
    {
        var builds = new[] { "7.6.4 P3 HF1,HF2", "7.6.4", "7.6.5", "7.6.4 P3", "7.6.4 P3 HF1", "7.6.4 P4" }
            .Select(GatewayBuild.Parse).ToList();

        builds.Sort();

        Assert.Equal(new[] { "7.6.4", "7.6.4 P3", "7.6.4 P3 HF1", "7.6.4 P3 HF1,HF2", "7.6.4 P4", "7.6.5" },
            builds.Select(b => b.ToString()));
    }

    [Fact]
    public void SameRelease_ignores_hotfixes_only()
    {
        var build = GatewayBuild.Parse("7.6.4 P3 HF1");
        Assert.True(build.SameRelease(GatewayBuild.Parse("7.6.4 P3 HF2")));
        Assert.False(build.SameRelease(GatewayBuild.Parse("7.6.4 P4 HF1")));
        Assert.False(build.SameRelease(GatewayBuild.Parse("7.6.5 P3 HF1")));
        Assert.False(build.SameRelease(null!));
    }
}
