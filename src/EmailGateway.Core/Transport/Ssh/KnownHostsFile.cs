using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// Decides on host keys from OpenSSH known_hosts files, and appends to them: plain host patterns
    /// (wildcards, negation, <c>[host]:port</c>), hashed <c>|1|salt|hash</c> entries, and the
    /// <c>@revoked</c> / <c>@cert-authority</c> markers (a revoked key is refused; certificate
    /// authorities are not host keys and are skipped). Lines are read by <see cref="KnownHostsEntry"/>.
    /// </summary>
    public static class KnownHostsFile
    {
        private static readonly object AppendGate = new object();

        /// <summary>The user's OpenSSH known_hosts: ~/.ssh/known_hosts.</summary>
        public static string DefaultUserPath =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");

        /// <summary>The system-wide file OpenSSH also trusts (read only).</summary>
        public static string SystemPath => "/etc/ssh/ssh_known_hosts";

        /// <summary>The name OpenSSH looks up: the host for port 22, <c>[host]:port</c> otherwise.</summary>
        public static string HostToken(string host, int port)
        {
            var name = host.Trim().ToLowerInvariant();
            return port == 22 ? name : $"[{name}]:{port}";
        }

        /// <summary>The key type named inside an SSH public key blob (its first string).</summary>
        public static string KeyTypeOf(byte[] blob)
        {
            if (blob.Length < 4) throw new FormatException("The host key blob is too short.");
            var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
            if (length <= 0 || length > blob.Length - 4) throw new FormatException("The host key blob is malformed.");
            return Encoding.ASCII.GetString(blob, 4, length);
        }

        /// <summary>
        /// Decides on a presented key as OpenSSH's ssh does: a key under <c>@revoked</c> is refused; a key
        /// recorded for the host is trusted; a host with any other key recorded, of whatever type, has
        /// changed; a host with none is unknown. For a port other than 22, a key that is unknown under
        /// <c>[host]:port</c> is still trusted when it is recorded under the bare host name.
        /// Missing files count as empty.
        /// </summary>
        public static HostKeyCheck Check(IEnumerable<string> paths, string host, int port, byte[] keyBlob)
        {
            var files = paths.ToList();
            var check = CheckName(files, HostToken(host, port), keyBlob);
            if (check.Verdict == HostKeyVerdict.Unknown && port != 22)
            {
                var bare = CheckName(files, HostToken(host, 22), keyBlob);
                if (bare.Verdict == HostKeyVerdict.Trusted) return bare;
            }
            return check;
        }

        /// <summary>
        /// The key types recorded for the host and port (not counting a type whose first recorded key is
        /// revoked), in the order first seen: what the host-key algorithm offer puts first.
        /// </summary>
        public static IReadOnlyCollection<string> RecordedKeyTypes(IEnumerable<string> paths, string host, int port)
        {
            var entries = KnownHostsEntry.ForHost(paths, HostToken(host, port)).ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var recorded = new List<string>();
            foreach (var entry in entries.Where(e => e.IsHostKey))
            {
                if (!seen.Add(entry.KeyType)) continue;
                if (!entries.Any(e => e.IsRevocation && e.SameKey(entry.Key))) recorded.Add(entry.KeyType);
            }
            return recorded;
        }

        private static HostKeyCheck CheckName(IReadOnlyList<string> paths, string token, byte[] keyBlob)
        {
            var keyType = KeyTypeOf(keyBlob);
            var fingerprint = HostKeyFingerprint.Compute(keyBlob);
            var entries = KnownHostsEntry.ForHost(paths, token).ToList();
            var revoked = entries.FirstOrDefault(e => e.IsRevocation && e.SameKey(keyBlob));
            if (revoked != null) return new HostKeyCheck(HostKeyVerdict.Revoked, keyType, fingerprint, revoked.Path, revoked.Line);
            var hostKeys = entries.Where(e => e.IsHostKey).ToList();
            var match = hostKeys.FirstOrDefault(e => e.SameKey(keyBlob));
            if (match != null) return new HostKeyCheck(HostKeyVerdict.Trusted, keyType, fingerprint, match.Path, match.Line);
            // The offending entry: one of the presented type if there is one, else the first recorded.
            var offending = hostKeys.FirstOrDefault(e => e.KeyType == keyType) ?? hostKeys.FirstOrDefault();
            return offending != null
                ? new HostKeyCheck(HostKeyVerdict.Changed, keyType, fingerprint, offending.Path, offending.Line, offending.KeyType)
                : new HostKeyCheck(HostKeyVerdict.Unknown, keyType, fingerprint, paths.FirstOrDefault());
        }

        /// <summary>Appends one entry in OpenSSH's format, hashed when asked. Safe against concurrent appends in this process.</summary>
        public static string Append(string path, string host, int port, byte[] keyBlob, bool hashHostName = false)
        {
            var hostField = hashHostName ? Hash(HostToken(host, port), NewSalt()) : HostToken(host, port);
            var line = $"{hostField} {KeyTypeOf(keyBlob)} {Convert.ToBase64String(keyBlob)}";
            lock (AppendGate)
            {
                // Another session may have recorded the same key a moment ago.
                if (KnownHostsEntry.ForHost(new[] { path }, HostToken(host, port)).Any(e => e.IsHostKey && e.SameKey(keyBlob))) return line;
                var directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
                var needsNewline = File.Exists(path) && new FileInfo(path).Length > 0 && !EndsWithNewline(path);
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
                if (needsNewline) writer.WriteLine();
                writer.WriteLine(line);
            }
            return line;
        }

        /// <summary>OpenSSH's hashed host field: <c>|1|base64(salt)|base64(HMAC-SHA1(salt, host))</c>.</summary>
        public static string Hash(string hostToken, byte[] salt)
        {
            using var hmac = new HMACSHA1(salt);
            return "|1|" + Convert.ToBase64String(salt) + "|" + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(hostToken)));
        }

        private static byte[] NewSalt()
        {
            var salt = new byte[20];
            using var random = RandomNumberGenerator.Create();
            random.GetBytes(salt);
            return salt;
        }

        private static bool EndsWithNewline(string path)
        {
            using var stream = File.OpenRead(path);
            stream.Seek(-1, SeekOrigin.End);
            return stream.ReadByte() == '\n';
        }
    }
}
