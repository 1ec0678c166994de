using System;
using System.Net;
using EmailGateway.Transport;

namespace EmailGateway.Smtp.Dns
{
    /// <summary>Parses the <c>ip[:port]</c> form an admin gives for a DNS server (IPv6 as <c>[addr]:port</c>).</summary>
    public static class DnsServerEndpoint
    {
        public const int DefaultPort = 53;

        public static bool TryParse(string? text, out IPEndPoint? endpoint, out string error)
        {
            endpoint = null;
            if (!HostPort.TrySplit(text, "the DNS server", out var host, out var port, out error)) return false;
            if (!IPAddress.TryParse(host, out var address)) { error = $"'{host}' is not an IP address (a DNS server is given as ip[:port])"; return false; }
            endpoint = new IPEndPoint(address, port ?? DefaultPort);
            return true;
        }

        public static IPEndPoint Parse(string text) =>
            TryParse(text, out var endpoint, out var error) ? endpoint! : throw new FormatException(error);
    }
}
