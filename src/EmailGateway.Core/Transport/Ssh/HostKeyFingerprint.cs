using System;
using System.Security.Cryptography;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>OpenSSH's host key fingerprint: <c>SHA256:</c> and the unpadded base64 of the key blob's SHA-256.</summary>
    public static class HostKeyFingerprint
    {
        public const string Prefix = "SHA256:";

        public static string Compute(byte[] keyBlob)
        {
            using var sha = SHA256.Create();
            return Prefix + Convert.ToBase64String(sha.ComputeHash(keyBlob)).TrimEnd('=');
        }

        /// <summary>Normalises a pinned fingerprint (prefix optional, padding optional) or fails naming the problem.</summary>
        public static string Parse(string text)
        {
            var value = (text ?? string.Empty).Trim();
            if (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) value = value.Substring(Prefix.Length);
            else if (value.IndexOf(':') >= 0)
                throw new FormatException($"'{text}' is not a SHA256 host key fingerprint. Only SHA256 fingerprints are accepted, written like 'SHA256:' followed by base64 (as 'ssh-keygen -lf' prints them).");
            value = value.TrimEnd('=');
            byte[] digest;
            try
            {
                digest = Convert.FromBase64String(value + new string('=', (4 - value.Length % 4) % 4));
            }
            catch (FormatException)
            {
                throw new FormatException($"'{text}' is not a SHA256 host key fingerprint: the part after 'SHA256:' is not base64.");
            }
            if (digest.Length != 32) throw new FormatException($"'{text}' is not a SHA256 host key fingerprint: it holds {digest.Length} bytes, not 32.");
            return Prefix + value;
        }

        public static bool Matches(string pinned, byte[] keyBlob) =>
            string.Equals(Parse(pinned), Compute(keyBlob), StringComparison.Ordinal);
    }
}
