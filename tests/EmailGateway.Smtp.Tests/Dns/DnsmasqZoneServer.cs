using System.Net;
using System.Net.Sockets;
using EmailGateway.Smtp.Dns;
using EmailGateway.Smtp.Tests.Fakes;
using EmailGateway.Smtp.Tests.Integration;

namespace EmailGateway.Smtp.Tests.Dns;

/// <summary>
/// Real dnsmasq serving a <see cref="FakeZone"/> on a loopback address: every record as <c>--dns-rr</c> (raw record
/// data, so no PTR records appear that the zone does not hold), everything else NXDOMAIN. Needs no root: it listens
/// on a free high port. dnsmasq answers NXDOMAIN where the zone would say NODATA; SPF treats both alike (void).
/// </summary>
public sealed class DnsmasqZoneServer : IDisposable
{
    public const string Binary = "/usr/sbin/dnsmasq";
    private readonly ChildProcess process;

    private DnsmasqZoneServer(ChildProcess process, IPEndPoint endPoint)
    {
        this.process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }
    public int Pid => process.Pid;
    public string Log => process.Output;

    /// <summary>Whether dnsmasq can express the zone; if not, why.</summary>
    public static bool CanServe(FakeZone zone, out string reason)
    {
        var special = zone.SpecialNames().ToList();
        if (special.Count > 0) { reason = $"dnsmasq cannot fail, stay silent or alias: {string.Join(", ", special)}"; return false; }
        var awkward = zone.Names().Select(n => n.Name).FirstOrDefault(n => n.Contains(',') || n.Any(c => c < 0x20 || c > 0x7E));
        if (awkward != null) { reason = $"dnsmasq options cannot carry the name '{awkward}'"; return false; }
        reason = string.Empty;
        return true;
    }

    public static DnsmasqZoneServer Start(FakeZone zone, IPAddress address)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"the DNS conformance tests need dnsmasq ({Binary}); install with: apt-get install dnsmasq-base");
        if (!CanServe(zone, out var reason)) throw new ArgumentException(reason, nameof(zone));
        var records = zone.Names().SelectMany(n => n.Records.Select(r => $"--dns-rr={n.Name},{(ushort)r.Type},{Convert.ToHexString(DnsWire.RecordData(r))}")).ToList();
        for (var attempt = 0; ; attempt++)
        {
            var endPoint = new IPEndPoint(address, FreePort(address));
            var arguments = new List<string>
            {
                "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--bind-interfaces",
                "--listen-address=" + address, "--port=" + endPoint.Port, "--pid-file=", "--local=/#/", "--log-queries", "--log-facility=-",
            };
            arguments.AddRange(records);
            var process = ChildProcess.Start("dnsmasq", Binary, arguments.ToArray());
            var server = new DnsmasqZoneServer(process, endPoint);
            if (server.WaitUntilAnswering(TimeSpan.FromSeconds(15))) return server;
            server.Dispose();
            if (attempt >= 2) throw new InvalidOperationException($"dnsmasq did not answer on {endPoint}:\n{server.Log}");
        }
    }

    private bool WaitUntilAnswering(TimeSpan limit)
    {
        var resolver = new DnsClientResolver(EndPoint, TimeSpan.FromMilliseconds(300));
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            var answer = resolver.QueryAsync("readiness.probe", DnsRecordKind.A, CancellationToken.None).GetAwaiter().GetResult();
            if (answer.Status != DnsAnswerStatus.Failed) return true;
        }
        return false;
    }

    /// <summary>A port free for both UDP and TCP at the moment of asking.</summary>
    private static int FreePort(IPAddress address)
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try { tcp.Bind(new IPEndPoint(address, port)); return port; }
            catch (SocketException) { }
        }
    }

    public void Dispose() => process.Dispose();
}
