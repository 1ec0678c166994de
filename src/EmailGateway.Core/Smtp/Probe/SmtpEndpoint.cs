using System;
using EmailGateway.Transport;

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
            if (!HostPort.TrySplit(text, "the probe server", out var host, out var port, out error)) return false;
            if (host.IndexOfAny(new[] { ' ', '/', '@' }) >= 0) { error = $"'{text}' does not name a host (give host[:port])"; return false; }
            endpoint = new SmtpEndpoint(host, port ?? DefaultPort);
            return true;
        }

        public static SmtpEndpoint Parse(string text) =>
            TryParse(text, out var endpoint, out var error) ? endpoint! : throw new FormatException(error);

        public override string ToString() => Host.Contains(":") ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
    }
}
