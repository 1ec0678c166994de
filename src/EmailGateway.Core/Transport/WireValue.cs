using System;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Transport
{
    /// <summary>
    /// Validates every value before it is put into a command line. Each accepted value is drawn from a
    /// narrow alphabet with no whitespace, quotes or shell metacharacters, so no input can inject syntax.
    /// </summary>
    public static class WireValue
    {
        // \z, not $: $ also matches before a final newline, which would let "x\n" through onto the command line.
        private static readonly Regex SafePath = new Regex(@"^/[A-Za-z0-9._/-]{1,255}\z", RegexOptions.CultureInvariant);
        private static readonly Regex Sha256 = new Regex(@"^[0-9a-fA-F]{64}\z", RegexOptions.CultureInvariant);

        public static string ClusterIdValue(ClusterId id) => id.ToString();

        public static string IpAddress(string? address, string what = "address")
        {
            var trimmed = (address ?? string.Empty).Trim();
            if (!IPAddress.TryParse(trimmed, out var parsed) || trimmed.IndexOfAny(new[] { ' ', '%', '/' }) >= 0)
                throw new ArgumentException($"'{address}' is not an IP {what}.");
            return parsed.ToString();
        }

        public static string HostName(string? name)
        {
            var verdict = HeloName.Check(name);
            if (!verdict.IsValid) throw new ArgumentException(verdict.Reason);
            return name!.Trim();
        }

        public static string RemotePath(string? path)
        {
            if (path is null || !SafePath.IsMatch(path) || path.Contains(".."))
                throw new ArgumentException($"'{path}' is not a safe remote path (absolute, letters, digits, '.', '_', '-', '/', no '..').");
            return path;
        }

        public static string Sha256Hex(string? hex)
        {
            if (hex is null || !Sha256.IsMatch(hex)) throw new ArgumentException($"'{hex}' is not a SHA-256 digest (64 hexadecimal digits).");
            return hex.ToLowerInvariant();
        }
    }
}
