using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EmailGateway.Smtp.Tests.Fakes;

namespace EmailGateway.Smtp.Tests.Dns;

/// <summary>
/// A small authoritative DNS server over UDP and TCP on a loopback address, serving a <see cref="FakeZone"/> for
/// what dnsmasq cannot express: SERVFAIL, silence (the client times out), aliases, and any name or TXT octets.
/// UDP answers over 512 octets are truncated (TC) so that clients retry over TCP, as with a server without EDNS.
/// </summary>
public sealed class LoopbackDnsServer : IDisposable
{
    private readonly FakeZone zone;
    private readonly UdpClient udp;
    private readonly TcpListener tcp;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> log = new();
    private readonly Task[] loops;

    private LoopbackDnsServer(FakeZone zone, UdpClient udp, TcpListener tcp)
    {
        this.zone = zone;
        this.udp = udp;
        this.tcp = tcp;
        EndPoint = (IPEndPoint)udp.Client.LocalEndPoint!;
        loops = new[] { Task.Run(ServeUdpAsync), Task.Run(ServeTcpAsync) };
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The questions asked so far and how they were answered, for failure messages.</summary>
    public string Log => string.Join(Environment.NewLine, log);

    /// <summary>Starts on a free port of <paramref name="address"/> (a 127.0.0.0/8 address), the same port for UDP and TCP.</summary>
    public static LoopbackDnsServer Start(FakeZone zone, IPAddress address)
    {
        if (!IPAddress.IsLoopback(address)) throw new ArgumentException($"{address} is not a loopback address", nameof(address));
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpClient(new IPEndPoint(address, 0));
            var tcp = new TcpListener(address, ((IPEndPoint)udp.Client.LocalEndPoint!).Port);
            try
            {
                tcp.Start();
                return new LoopbackDnsServer(zone, udp, tcp);
            }
            catch (SocketException) when (attempt < 5)
            {
                udp.Dispose();
            }
        }
    }

    private async Task ServeUdpAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try { request = await udp.ReceiveAsync(stop.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { if (stop.IsCancellationRequested) return; continue; }
            var reply = Answer(request.Buffer, overUdp: true);
            if (reply == null) continue;
            try { await udp.SendAsync(reply, request.RemoteEndPoint, stop.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { }
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await tcp.AcceptTcpClientAsync(stop.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeConnectionAsync(client));
        }
    }

    private async Task ServeConnectionAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                while (true)
                {
                    var prefix = new byte[2];
                    await stream.ReadExactlyAsync(prefix, stop.Token);
                    var message = new byte[(prefix[0] << 8) | prefix[1]];
                    await stream.ReadExactlyAsync(message, stop.Token);
                    var reply = Answer(message, overUdp: false);
                    if (reply == null) continue; // silence: the client's own timeout ends the wait
                    await stream.WriteAsync(new[] { (byte)(reply.Length >> 8), (byte)reply.Length }, stop.Token);
                    await stream.WriteAsync(reply, stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or EndOfStreamException or SocketException) { }
        }
    }

    private byte[]? Answer(byte[] packet, bool overUdp)
    {
        var query = DnsWire.ParseQuery(packet);
        if (query == null) return null;
        var answer = zone.Resolve(query.Name, (ZoneRecordType)query.Type);
        log.Enqueue($"{(overUdp ? "udp" : "tcp")} {query.Name} type {query.Type}: {answer.Outcome} {string.Join("; ", answer.Records.Select(r => r.Record))}");
        if (answer.Outcome == ZoneOutcome.NoResponse) return null;
        var responseCode = answer.Outcome switch { ZoneOutcome.ServerFailure => 2, ZoneOutcome.NameError => 3, _ => 0 };
        var records = answer.Records.Select(r => DnsWire.Record(r.Owner, r.Record)).ToList();
        return DnsWire.Response(query, responseCode, records, overUdp ? DnsWire.UdpPayloadLimit : null);
    }

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
        tcp.Stop();
        Task.WaitAll(loops, TimeSpan.FromSeconds(5));
        stop.Dispose();
    }
}
