using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Tests.Fakes;

/// <summary>
/// An in-memory DNS zone: names that have any record exist, others are NXDOMAIN; names marked failing
/// answer SERVFAIL. Serves both our resolver interface and (through an adapter) ARSoft's.
/// </summary>
public sealed class FakeZone : IDnsResolver
{
    private readonly Dictionary<(string Name, DnsRecordKind Kind), List<string>> records = new();
    private readonly HashSet<string> failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> existing = new(StringComparer.OrdinalIgnoreCase);

    public int QueryCount { get; private set; }

    public FakeZone Add(string name, DnsRecordKind kind, params string[] values)
    {
        var key = (Key(name), kind);
        if (!records.TryGetValue(key, out var list)) records[key] = list = new List<string>();
        list.AddRange(values);
        existing.Add(Key(name));
        return this;
    }

    public FakeZone A(string name, params string[] addresses) => Add(name, DnsRecordKind.A, addresses);
    public FakeZone Aaaa(string name, params string[] addresses) => Add(name, DnsRecordKind.Aaaa, addresses);
    public FakeZone Txt(string name, params string[] texts) => Add(name, DnsRecordKind.Txt, texts);
    public FakeZone Mx(string name, params string[] exchanges) => Add(name, DnsRecordKind.Mx, exchanges);
    public FakeZone Ptr(string address, params string[] names) => Add(DnsNames.ReverseLookupName(System.Net.IPAddress.Parse(address)), DnsRecordKind.Ptr, names);

    /// <summary>The name exists (NOERROR) but has no records.</summary>
    public FakeZone Empty(string name) { existing.Add(Key(name)); return this; }

    public FakeZone Failing(string name) { failing.Add(Key(name)); return this; }

    public bool IsFailing(string name) => failing.Contains(Key(name));
    public bool Exists(string name) => existing.Contains(Key(name));

    public IReadOnlyList<string> Records(string name, DnsRecordKind kind) =>
        records.TryGetValue((Key(name), kind), out var list) ? list : Array.Empty<string>();

    public IEnumerable<(string Name, DnsRecordKind Kind, IReadOnlyList<string> Values)> All() =>
        records.Select(r => (r.Key.Name, r.Key.Kind, (IReadOnlyList<string>)r.Value));

    public Task<DnsAnswer> QueryAsync(string name, DnsRecordKind kind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        QueryCount++;
        if (IsFailing(name)) return Task.FromResult(DnsAnswer.Failed("SERVFAIL"));
        if (!Exists(name)) return Task.FromResult(DnsAnswer.NameNotFound());
        return Task.FromResult(DnsAnswer.Found(Records(name, kind).ToList()));
    }

    private static string Key(string name) => DnsNames.TrimTrailingDot(name).ToLowerInvariant();
}
