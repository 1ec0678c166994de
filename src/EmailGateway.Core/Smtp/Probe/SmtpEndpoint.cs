using System;
using System.Globalization;

namespace EmailGateway.Smtp
{
    /// <summary>An SMTP server as <c>host[:port]</c> (IPv6 as <c>[addr]:port</c>); port 25 when omitted.</summary>
    public sealed class SmtpEndpoint
    {
        public const int DefaultPort = 25;

        public SmtpEndpoint(string host, int port)
        {
            if (string.IsNullOrWhiteSpace(host)) throw new ArgumentException("the SMTP host is empty", nameof(host));
            if (port < 1 || port > 65535) throw new ArgumentOutOfRangeException(nameof(port), "the SMTP port must be between 1 and 65535");
            Host = host;
            Port = port;
        }

        public string Host { get; }
        public int Port { get; }

        public static bool TryParse(string? text, out SmtpEndpoint? endpoint, out string error)
        {
            endpoint = null;
            var value = (text ?? string.Empty).Trim();
            if (value.Length == 0) { error = "the probe server is empty"; return false; }
            var host = value;
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
            else if (value.IndexOf(':') >= 0 && value.IndexOf(':') == value.LastIndexOf(':'))
            {
                host = value.Substring(0, value.IndexOf(':'));
                port = value.Substring(value.IndexOf(':') + 1);
            }
            if (host.Length == 0 || host.IndexOfAny(new[] { ' ', '/', '@' }) >= 0) { error = $"'{value}' does not name a host (give host[:port])"; return false; }
            var portNumber = DefaultPort;
            if (port != null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber < 1 || portNumber > 65535))
            {
                error = $"'{port}' is not a port number between 1 and 65535";
                return false;
            }
            endpoint = new SmtpEndpoint(host, portNumber);
            error = string.Empty;
            return true;
        }

        public static SmtpEndpoint Parse(string text) =>
            TryParse(text, out var endpoint, out var error) ? endpoint! : throw new FormatException(error);

        public override string ToString() => Host.Contains(":") ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
    }
}
