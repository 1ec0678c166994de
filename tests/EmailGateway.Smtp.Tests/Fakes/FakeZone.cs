using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Tests.Fakes;

/// <summary>
/// An in-memory DNS zone. Names that have any record (or are marked empty) exist, others are NXDOMAIN; CNAMEs are
/// followed as an authoritative server follows them; names marked failing answer SERVFAIL, names marked unanswered
/// never answer a type they hold no record of. Serves our resolver interface directly, ARSoft's through an adapter,
/// and the wire through the loopback servers, which all read <see cref="Resolve"/>.
/// </summary>
public sealed class FakeZone : IDnsResolver
{
    private const int MaxChain = 8;
    private readonly Dictionary<string, List<ZoneRecord>> records = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> spellings = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> unanswered = new(StringComparer.OrdinalIgnoreCase);

    public int QueryCount { get; private set; }

    public FakeZone Add(string name, ZoneRecord record)
    {
        Records(Key(name), create: true).Add(record);
        return this;
    }

    public FakeZone Add(string name, DnsRecordKind kind, params string[] values)
    {
        foreach (var value in values) Add(name, kind == DnsRecordKind.Txt ? ZoneRecord.Text(ZoneRecordType.Txt, value) : ZoneRecord.Address(TypeOf(kind), value));
        return this;
    }

    public FakeZone A(string name, params string[] addresses) => Add(name, DnsRecordKind.A, addresses);
    public FakeZone Aaaa(string name, params string[] addresses) => Add(name, DnsRecordKind.Aaaa, addresses);
    public FakeZone Txt(string name, params string[] texts) => Add(name, DnsRecordKind.Txt, texts);

    /// <summary>Exchanges in preference order.</summary>
    public FakeZone Mx(string name, params string[] exchanges)
    {
        var next = Records(Key(name), create: true).Where(r => r.Type == ZoneRecordType.Mx).Select(r => r.Preference + 10).DefaultIfEmpty(10).Max();
        foreach (var exchange in exchanges) { Add(name, ZoneRecord.MailExchanger(next, exchange)); next += 10; }
        return this;
    }

    public FakeZone Ptr(string address, params string[] names) =>
        Add(DnsNames.ReverseLookupName(System.Net.IPAddress.Parse(address)), DnsRecordKind.Ptr, names);

    public FakeZone Cname(string alias, string target) => Add(alias, ZoneRecord.Name(ZoneRecordType.Cname, target));

    /// <summary>The name exists (NOERROR) but has no records.</summary>
    public FakeZone Empty(string name) { Records(Key(name), create: true); return this; }

    /// <summary>Every query for the name answers SERVFAIL.</summary>
    public FakeZone Failing(string name) { failing.Add(Key(name)); return this; }

    /// <summary>Queries for a type the name holds no record of are never answered (the server times out).</summary>
    public FakeZone Unanswered(string name) { unanswered.Add(Key(name)); Records(Key(name), create: true); return this; }

    public bool IsFailing(string name) => failing.Contains(Key(name));
    public bool Exists(string name) => records.ContainsKey(Key(name));

    /// <summary>Every name of the zone as first written, with its records.</summary>
    public IEnumerable<(string Name, IReadOnlyList<ZoneRecord> Records)> Names() =>
        records.Select(r => (spellings[r.Key], (IReadOnlyList<ZoneRecord>)r.Value));

    /// <summary>Names whose answers no plain record can express: failures, silences and aliases.</summary>
    public IEnumerable<string> SpecialNames() =>
        failing.Concat(unanswered).Concat(records.Where(r => r.Value.Any(x => x.Type == ZoneRecordType.Cname)).Select(r => r.Key)).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The values of one type at one name, without following aliases (the ARSoft adapter's view).</summary>
    public IReadOnlyList<string> Records(string name, DnsRecordKind kind) =>
        records.TryGetValue(Key(name), out var list) ? list.Where(r => r.Type == TypeOf(kind)).Select(r => r.Value).ToList() : Array.Empty<string>();

    /// <summary>What an authoritative server holding this zone answers: the alias chain, then the records asked for.</summary>
    public ZoneAnswer Resolve(string name, ZoneRecordType type)
    {
        var chain = new List<(string Owner, ZoneRecord Record)>();
        var current = Key(name);
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { current };
        while (true)
        {
            if (failing.Contains(current)) return new ZoneAnswer(ZoneOutcome.ServerFailure, chain);
            if (!records.TryGetValue(current, out var held)) return new ZoneAnswer(ZoneOutcome.NameError, chain);
            var matching = held.Where(r => r.Type == type).ToList();
            var alias = held.FirstOrDefault(r => r.Type == ZoneRecordType.Cname);
            if (matching.Count == 0 && alias != null && type != ZoneRecordType.Cname)
            {
                chain.Add((spellings[current], alias));
                current = Key(alias.Target);
                // a loop or an overlong chain ends the answer where it stands, as servers do
                if (!visited.Add(current) || chain.Count >= MaxChain) return new ZoneAnswer(ZoneOutcome.Answer, chain);
                continue;
            }
            if (matching.Count == 0 && unanswered.Contains(current)) return new ZoneAnswer(ZoneOutcome.NoResponse, chain);
            chain.AddRange(matching.Select(r => (spellings[current], r)));
            return new ZoneAnswer(ZoneOutcome.Answer, chain);
        }
    }

    public Task<DnsAnswer> QueryAsync(string name, DnsRecordKind kind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        QueryCount++;
        var type = TypeOf(kind);
        var answer = Resolve(name, type);
        var found = answer.Records.Select(r => r.Record).Where(r => r.Type == type).OrderBy(r => r.Preference).Select(r => r.Value).ToList();
        return Task.FromResult(answer.Outcome switch
        {
            ZoneOutcome.ServerFailure => DnsAnswer.Failed("SERVFAIL"),
            ZoneOutcome.NoResponse => DnsAnswer.Failed("timeout"),
            ZoneOutcome.NameError => DnsAnswer.NameNotFound(),
            _ => DnsAnswer.Found(found),
        });
    }

    private List<ZoneRecord> Records(string key, bool create)
    {
        if (!records.TryGetValue(key, out var list) && create)
        {
            records[key] = list = new List<ZoneRecord>();
            spellings[key] = key;
        }
        return list ?? new List<ZoneRecord>();
    }

    private static string Key(string name) => DnsNames.TrimTrailingDot(name);

    private static ZoneRecordType TypeOf(DnsRecordKind kind) => kind switch
    {
        DnsRecordKind.A => ZoneRecordType.A,
        DnsRecordKind.Aaaa => ZoneRecordType.Aaaa,
        DnsRecordKind.Mx => ZoneRecordType.Mx,
        DnsRecordKind.Txt => ZoneRecordType.Txt,
        DnsRecordKind.Ptr => ZoneRecordType.Ptr,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

public enum ZoneOutcome
{
    Answer,
    NameError,
    ServerFailure,
    NoResponse,
}

/// <summary>An answer from <see cref="FakeZone.Resolve"/>: the outcome, and the records with the names that own them.</summary>
public sealed record ZoneAnswer(ZoneOutcome Outcome, IReadOnlyList<(string Owner, ZoneRecord Record)> Records);
