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

        /// <summary>Decides on a presented key as OpenSSH's ssh does (see <see cref="KnownHostRecords.Check"/>). Missing files count as empty.</summary>
        public static HostKeyCheck Check(IEnumerable<string> paths, string host, int port, byte[] keyBlob) =>
            KnownHostRecords.Read(paths, host, port).Check(keyBlob);

        /// <summary>The key types recorded for the host and port, in the order first seen (see <see cref="KnownHostRecords.KeyTypes"/>).</summary>
        public static IReadOnlyCollection<string> RecordedKeyTypes(IEnumerable<string> paths, string host, int port) =>
            KnownHostRecords.Read(paths, host, port).KeyTypes;

        /// <summary>
        /// Decides on a key from the files as they are now, under the append lock, so that connections
        /// recording keys at the same time see each other's. With <paramref name="recordPath"/>, a key still
        /// unknown is recorded there and trusted.
        /// </summary>
        public static (HostKeyCheck Check, bool Recorded) CheckAgain(IEnumerable<string> lookupPaths, string? recordPath, string host, int port, byte[] keyBlob)
        {
            lock (AppendGate)
            {
                var now = KnownHostRecords.Read(lookupPaths, host, port).Check(keyBlob);
                if (now.Verdict != HostKeyVerdict.Unknown || recordPath is null) return (now, false);
                Append(recordPath, host, port, keyBlob);
                return (new HostKeyCheck(HostKeyVerdict.Trusted, now.KeyType, now.Fingerprint, recordPath), true);
            }
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
