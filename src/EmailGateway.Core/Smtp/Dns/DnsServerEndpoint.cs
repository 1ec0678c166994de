using System;
using System.Globalization;
using System.Net;

namespace EmailGateway.Smtp.Dns
{
    /// <summary>Parses the <c>ip[:port]</c> form an admin gives for a DNS server (IPv6 as <c>[addr]:port</c>).</summary>
    public static class DnsServerEndpoint
    {
        public const int DefaultPort = 53;

        public static bool TryParse(string? text, out IPEndPoint? endpoint, out string error)
        {
            endpoint = null;
            var value = (text ?? string.Empty).Trim();
            if (value.Length == 0) { error = "the DNS server is empty"; return false; }

            string host = value;
            string? port = null;
            if (value.StartsWith("[", StringComparison.Ordinal))
            {
                var close = value.IndexOf(']');
                if (close < 0) { error = $"'{value}' has an unterminated IPv6 bracket"; return false; }
                host = value.Substring(1, close - 1);
                var rest = value.Substring(close + 1);
                if (rest.Length > 0)
                {
                    if (!rest.StartsWith(":", StringComparison.Ordinal)) { error = $"'{value}' has text after the address"; return false; }
                    port = rest.Substring(1);
                }
            }
            else if (value.IndexOf(':') == value.LastIndexOf(':') && value.IndexOf(':') >= 0)
            {
                // exactly one colon: IPv4 with a port; several colons: a bare IPv6 address
                var colon = value.IndexOf(':');
                host = value.Substring(0, colon);
                port = value.Substring(colon + 1);
            }

            if (!IPAddress.TryParse(host, out var address)) { error = $"'{host}' is not an IP address (a DNS server is given as ip[:port])"; return false; }
            var portNumber = DefaultPort;
            if (port != null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber < 1 || portNumber > 65535))
            {
                error = $"'{port}' is not a port number between 1 and 65535";
                return false;
            }
            endpoint = new IPEndPoint(address, portNumber);
            error = string.Empty;
            return true;
        }

        public static IPEndPoint Parse(string text) =>
            TryParse(text, out var endpoint, out var error) ? endpoint! : throw new FormatException(error);
    }
}
