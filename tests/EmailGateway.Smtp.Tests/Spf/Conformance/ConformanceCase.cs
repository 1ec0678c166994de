using EmailGateway.Smtp.Spf;
using EmailGateway.Smtp.Tests.Fakes;

namespace EmailGateway.Smtp.Tests.Spf.Conformance;

/// <summary>A group of cases that share one DNS zone.</summary>
public sealed class ConformanceSection
{
    public ConformanceSection(string title, FakeZone zone)
    {
        Title = title;
        Zone = zone;
    }

    public string Title { get; }
    public FakeZone Zone { get; }
    public List<ConformanceCase> Cases { get; } = new();
}

/// <summary>
/// One check_host() question: the client, the HELO name and the MAIL FROM (empty for a null sender), the results
/// RFC 7208 allows (the first preferred), and, when <see cref="ChecksExplanation"/>, the explanation text expected
/// with a fail (null: the domain gives none).
/// </summary>
public sealed record ConformanceCase(
    ConformanceSection Section, string Id, string Covers, string Rfc, string About,
    string Helo, string Client, string MailFrom, IReadOnlyList<SpfResult> Expected,
    bool ChecksExplanation, string? Explanation)
{
    public override string ToString() => Id;
}
