using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Tests.Fakes;

/// <summary>ARSoft's resolver interface over the same in-memory zone, so the oracle sees exactly what our evaluator sees.</summary>
public sealed class ArSoftZoneResolver : ARSoft.Tools.Net.Dns.IDnsResolver
{
    private readonly FakeZone zone;

    public ArSoftZoneResolver(FakeZone zone) => this.zone = zone;

    public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet) where T : DnsRecordBase
    {
        var text = name.ToString().TrimEnd('.');
        if (zone.IsFailing(text)) throw new Exception("SERVFAIL for " + text);
        var kind = recordType switch
        {
            RecordType.A => DnsRecordKind.A,
            RecordType.Aaaa => DnsRecordKind.Aaaa,
            RecordType.Mx => DnsRecordKind.Mx,
            RecordType.Txt => DnsRecordKind.Txt,
            RecordType.Ptr => DnsRecordKind.Ptr,
            _ => (DnsRecordKind?)null,
        };
        if (kind == null) return new List<T>();
        var values = zone.Records(text, kind.Value);
        var preference = (ushort)10;
        IEnumerable<DnsRecordBase> built = kind.Value switch
        {
            DnsRecordKind.A => values.Select(v => (DnsRecordBase)new ARecord(name, 300, IPAddress.Parse(v))),
            DnsRecordKind.Aaaa => values.Select(v => (DnsRecordBase)new AaaaRecord(name, 300, IPAddress.Parse(v))),
            DnsRecordKind.Mx => values.Select(v => (DnsRecordBase)new MxRecord(name, 300, preference++, DomainName.Parse(v))),
            DnsRecordKind.Txt => values.Select(v => (DnsRecordBase)new TxtRecord(name, 300, v)),
            DnsRecordKind.Ptr => values.Select(v => (DnsRecordBase)new PtrRecord(name, 300, DomainName.Parse(v))),
            _ => Enumerable.Empty<DnsRecordBase>(),
        };
        return built.OfType<T>().ToList();
    }

    public Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet, CancellationToken token = default) where T : DnsRecordBase =>
        Task.FromResult(Resolve<T>(name, recordType, recordClass));

    public void ClearCache() { }

    public void Dispose() { }
}
