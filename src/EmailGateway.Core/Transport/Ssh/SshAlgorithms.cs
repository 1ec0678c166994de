using System;
using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// The algorithm offer: SSH.NET offers legacy algorithms by default; they are removed unless asked for.
    /// Host certificates are never offered (their authorities are not checked), the host-key algorithms
    /// whose key type is already recorded for the host go first, as OpenSSH orders them, and the cheapest
    /// secure key exchanges go first.
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

        private const string CertificateSuffix = "-cert-v01@openssh.com";

        /// <summary>
        /// The key exchanges offered first, cheapest secure first. SSH.NET offers sntrup761x25519 before
        /// curve25519; it costs the client about four times the CPU per connection (bench/handshake-bench.ps1),
        /// so it follows curve25519. The ML-KEM hybrid costs a few milliseconds and stays first (docs/ssh.md).
        /// </summary>
        public static IReadOnlyList<string> PreferredKeyExchange { get; } = new[]
        {
            "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org",
        };

        /// <summary>
        /// Shapes a connection's offer: legacy entries removed unless <paramref name="allowLegacy"/> is set,
        /// no host certificates, and the host-key algorithms ordered by <paramref name="recordedKeyTypes"/>.
        /// </summary>
        public static void Apply(ConnectionInfo info, bool allowLegacy, IReadOnlyCollection<string> recordedKeyTypes)
        {
            RemoveAll(info.HostKeyAlgorithms, info.HostKeyAlgorithms.Keys.Where(IsCertificate));
            if (!allowLegacy)
            {
                RemoveAll(info.KeyExchangeAlgorithms, LegacyKeyExchange);
                RemoveAll(info.HostKeyAlgorithms, LegacyHostKeys);
                RemoveAll(info.Encryptions, LegacyCiphers);
                RemoveAll(info.HmacAlgorithms, LegacyMacs);
            }
            Reorder(info.HostKeyAlgorithms, PreferRecorded(info.HostKeyAlgorithms.Keys.ToList(), recordedKeyTypes));
            var offered = info.KeyExchangeAlgorithms.Keys.ToList();
            Reorder(info.KeyExchangeAlgorithms, PreferredKeyExchange.Where(offered.Contains).Concat(offered.Except(PreferredKeyExchange)));
        }

        /// <summary>
        /// OpenSSH's host-key algorithm order: the offer unchanged when a key of the first algorithm's type
        /// is recorded; otherwise the algorithms of recorded key types first, each group in offer order.
        /// </summary>
        public static IReadOnlyList<string> PreferRecorded(IReadOnlyList<string> offer, IReadOnlyCollection<string> recordedKeyTypes)
        {
            if (offer.Count == 0 || recordedKeyTypes.Contains(KeyTypeOf(offer[0]))) return offer;
            return offer.Where(a => recordedKeyTypes.Contains(KeyTypeOf(a)))
                .Concat(offer.Where(a => !recordedKeyTypes.Contains(KeyTypeOf(a))))
                .ToList();
        }

        /// <summary>The plain key type a host-key algorithm signs with: rsa-sha2-512 signs with an ssh-rsa key.</summary>
        public static string KeyTypeOf(string algorithm)
        {
            var plain = IsCertificate(algorithm) ? algorithm.Substring(0, algorithm.Length - CertificateSuffix.Length) : algorithm;
            return plain.StartsWith("rsa-sha2-", StringComparison.Ordinal) ? "ssh-rsa" : plain;
        }

        private static bool IsCertificate(string algorithm) => algorithm.EndsWith(CertificateSuffix, StringComparison.Ordinal);

        private static void RemoveAll<T>(IDictionary<string, T> offer, IEnumerable<string> names)
        {
            foreach (var name in names.Where(offer.ContainsKey).ToList()) offer.Remove(name);
        }

        /// <summary>Re-inserts the entries in the given order (SSH.NET offers them in insertion order).</summary>
        private static void Reorder<T>(IDictionary<string, T> offer, IEnumerable<string> order)
        {
            var entries = order.Select(name => new KeyValuePair<string, T>(name, offer[name])).ToList();
            offer.Clear();
            foreach (var entry in entries) offer.Add(entry);
        }

        /// <summary>True when an SSH.NET failure text says negotiation found no common algorithm.</summary>
        internal static bool IsNegotiationFailure(string message) =>
            message.IndexOf("No matching", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("negotiat", StringComparison.OrdinalIgnoreCase) >= 0 && message.IndexOf("algorithm", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
