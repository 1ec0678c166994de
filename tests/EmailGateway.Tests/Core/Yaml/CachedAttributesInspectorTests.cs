using Xunit;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Yaml;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EmailGateway.Tests.Core.Yaml;

public class CachedAttributesInspectorTests
{
    public sealed class Renamed
    {
        [YamlMember(Alias = "first", Order = 2)]
        public string Second { get; set; } = "b";

        [YamlMember(Order = 1)]
        public string? Missing { get; set; }

        [YamlIgnore]
        public string Hidden { get; set; } = "never written";

        public List<Renamed> Children { get; set; } = new();
    }

    private static ISerializer Build(bool cached)
    {
        var builder = new SerializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .DisableAliases();
        if (cached) builder = builder.WithTypeInspector(inner => new CachedAttributesInspector(inner));
        return builder.Build();
    }

    private static JournalDocument Journal() => new()
    {
        PlanSteps = 2,
        PlanDigest = "abc",
        State = "Running",
        CreatedAt = "2026-01-01T00:00:00.0000000+00:00",
        ClusterId = 12,
        Segment = "Fleet/site-001",
        Strategy = "FailoverPromotion",
        Master = "meg1",
        Scanners = { "meg3", "meg4" },
        Nodes = { new JournalNode { Name = "meg1", Build = "7.6.4 P3", Mode = "master", Helo = "mail.example.com" } },
        Steps =
        {
            new JournalStep
            {
                Index = 1, KbStep = "B.1", Action = "TakeOffline", Targets = { "meg2" }, Description = "take meg2 offline",
                Gate = { new JournalExpectation { Name = "meg2", Network = "offline" } },
                ExpectedAfter = { new JournalExpectation { Name = "meg2", Network = "offline", ClusterId = 12 } },
            },
        },
        Entries = { new JournalEntry { At = "2026-01-01T00:00:01.0000000+00:00", Step = 1, Event = "started", Attempt = 1 } },
    };

    [Fact]
    public void A_journal_is_written_exactly_as_without_the_cache_and_again_the_same()
    {
        var plain = Build(cached: false);
        var cached = Build(cached: true);

        var expected = plain.Serialize(Journal());

        Assert.Equal(expected, cached.Serialize(Journal()));
        Assert.Equal(expected, cached.Serialize(Journal()));
        Assert.Contains("segment: Fleet/site-001", expected);
        Assert.DoesNotContain("lastError", expected);
    }

    [Fact]
    public void Member_attributes_still_rename_order_and_hide_properties()
    {
        var value = new Renamed { Children = { new Renamed { Second = "c", Missing = "d" } } };

        var text = Build(cached: true).Serialize(value);

        Assert.Equal(Build(cached: false).Serialize(value), text);
        Assert.Contains("first: b", text);
        Assert.DoesNotContain("Hidden", text, StringComparison.OrdinalIgnoreCase);
        Assert.True(text.IndexOf("missing: d", StringComparison.Ordinal) < text.IndexOf("first: c", StringComparison.Ordinal));
    }
}
