using System.Net;
using EmailGateway.Smtp.Tests.Fakes;

namespace EmailGateway.Smtp.Tests.Dns;

/// <summary>
/// One loopback DNS server per zone, started on first use and stopped on disposal: dnsmasq where it can express the
/// zone, otherwise <see cref="LoopbackDnsServer"/>. Each zone gets its own server because zones reuse names.
/// </summary>
public sealed class ZoneServers : IDisposable
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.1");
    private readonly Dictionary<FakeZone, Served> servers = new(ReferenceEqualityComparer.Instance);
    private readonly object gate = new();

    public sealed record Served(IPEndPoint EndPoint, string Kind, IDisposable Server)
    {
        public string Log => Server switch { DnsmasqZoneServer d => d.Log, LoopbackDnsServer l => l.Log, _ => string.Empty };
    }

    public Served For(FakeZone zone)
    {
        lock (gate)
        {
            if (servers.TryGetValue(zone, out var served)) return served;
            if (DnsmasqZoneServer.CanServe(zone, out _))
            {
                var dnsmasq = DnsmasqZoneServer.Start(zone, Address);
                served = new Served(dnsmasq.EndPoint, $"dnsmasq (pid {dnsmasq.Pid})", dnsmasq);
            }
            else
            {
                var responder = LoopbackDnsServer.Start(zone, Address);
                served = new Served(responder.EndPoint, "loopback responder", responder);
            }
            servers[zone] = served;
            return served;
        }
    }

    public IEnumerable<Served> Started { get { lock (gate) return servers.Values.ToList(); } }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var served in servers.Values) served.Server.Dispose();
            servers.Clear();
        }
    }
}
