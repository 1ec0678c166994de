using System;
using System.Globalization;

namespace EmailGateway.Transport
{
    /// <summary>
    /// Splits the <c>host[:port]</c> text that users type for appliances, DNS servers and SMTP servers:
    /// <c>host</c>, <c>host:port</c>, <c>[IPv6]</c>, <c>[IPv6]:port</c>, or a bare IPv6 address (several colons, no port).
    /// </summary>
    public static class HostPort
    {
        /// <param name="what">What the text names, for messages ("the DNS server").</param>
        public static bool TrySplit(string? text, string what, out string host, out int? port, out string error)
        {
            host = string.Empty;
            port = null;
            var value = (text ?? string.Empty).Trim();
            if (value.Length == 0) { error = $"{what} is empty"; return false; }

            string? portText = null;
            if (value.StartsWith("[", StringComparison.Ordinal))
            {
                var close = value.IndexOf(']');
                if (close < 0) { error = $"'{value}' has an unterminated IPv6 bracket"; return false; }
                host = value.Substring(1, close - 1);
                var rest = value.Substring(close + 1);
                if (rest.Length > 0)
                {
                    if (!rest.StartsWith(":", StringComparison.Ordinal)) { error = $"'{value}' has text after the address (give host, host:port or [address]:port)"; return false; }
                    portText = rest.Substring(1);
                }
            }
            else
            {
                var colon = value.IndexOf(':');
                var oneColon = colon >= 0 && value.IndexOf(':', colon + 1) < 0;
                host = oneColon ? value.Substring(0, colon) : value;
                if (oneColon) portText = value.Substring(colon + 1);
            }

            if (host.Length == 0) { error = $"'{value}' names no host (give host[:port])"; return false; }
            if (portText != null)
            {
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > 65535)
                {
                    error = $"'{value}' has port '{portText}', not a number between 1 and 65535";
                    return false;
                }
                port = number;
            }
            error = string.Empty;
            return true;
        }
    }
}
