using System;
using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// The algorithm policy: SSH.NET offers legacy algorithms by default; they are removed unless asked for.
    /// </summary>
    public static class SshAlgorithms
    {
        public static IReadOnlyList<string> LegacyKeyExchange { get; } = new[]
        {
            "diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
        };

        public static IReadOnlyList<string> LegacyHostKeys { get; } = new[] { "ssh-rsa", "ssh-rsa-cert-v01@openssh.com", "ssh-dss" };

        public static IReadOnlyList<string> LegacyCiphers { get; } = new[]
        {
            "aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc", "blowfish-cbc", "cast128-cbc", "arcfour", "arcfour128", "arcfour256",
        };

        public static IReadOnlyList<string> LegacyMacs { get; } = new[] { "hmac-sha1", "hmac-sha1-etm@openssh.com", "hmac-md5", "hmac-sha1-96", "hmac-md5-96" };

        public static string LegacySummary => "diffie-hellman-group1/14-sha1, ssh-rsa SHA-1 host keys, CBC ciphers, hmac-sha1";

        /// <summary>Removes the legacy entries from a connection's offer unless <paramref name="allowLegacy"/> is set.</summary>
        public static void Apply(ConnectionInfo info, bool allowLegacy)
        {
            if (allowLegacy) return;
            RemoveAll(info.KeyExchangeAlgorithms, LegacyKeyExchange);
            RemoveAll(info.HostKeyAlgorithms, LegacyHostKeys);
            RemoveAll(info.Encryptions, LegacyCiphers);
            RemoveAll(info.HmacAlgorithms, LegacyMacs);
        }

        private static void RemoveAll<T>(IDictionary<string, T> offer, IEnumerable<string> names)
        {
            foreach (var name in names.Where(offer.ContainsKey).ToList()) offer.Remove(name);
        }

        /// <summary>True when an SSH.NET failure text says negotiation found no common algorithm.</summary>
        internal static bool IsNegotiationFailure(string message) =>
            message.IndexOf("No matching", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("negotiat", StringComparison.OrdinalIgnoreCase) >= 0 && message.IndexOf("algorithm", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
