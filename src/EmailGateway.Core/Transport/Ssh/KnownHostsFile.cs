using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// Reads and appends OpenSSH known_hosts files: plain host patterns (wildcards, negation, <c>[host]:port</c>),
    /// hashed <c>|1|salt|hash</c> entries, and the <c>@revoked</c> / <c>@cert-authority</c> markers
    /// (a revoked key is refused; certificate authorities are not host keys and are skipped).
    /// </summary>
    public static class KnownHostsFile
    {
        private const string HashMagic = "|1|";
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

        /// <summary>Checks a presented key against the files, first file first; missing files count as empty.</summary>
        public static HostKeyCheck Check(IEnumerable<string> paths, string host, int port, byte[] keyBlob)
        {
            var keyType = KeyTypeOf(keyBlob);
            var fingerprint = HostKeyFingerprint.Compute(keyBlob);
            var token = HostToken(host, port);
            var presented = Convert.ToBase64String(keyBlob);
            HostKeyCheck? trusted = null, changed = null;
            var otherTypes = new SortedSet<string>(StringComparer.Ordinal);
            string? firstPath = null;

            foreach (var path in paths)
            {
                firstPath ??= path;
                foreach (var entry in ReadEntries(path))
                {
                    if (!entry.MatchesHost(token)) continue;
                    if (entry.Marker == "@revoked")
                    {
                        if (entry.KeyBase64 == presented) return new HostKeyCheck(HostKeyVerdict.Revoked, keyType, fingerprint, path, entry.Line);
                        continue;
                    }
                    if (entry.Marker != null) continue;
                    if (!string.Equals(entry.KeyType, keyType, StringComparison.Ordinal))
                    {
                        otherTypes.Add(entry.KeyType);
                        continue;
                    }
                    if (entry.KeyBase64 == presented) trusted ??= new HostKeyCheck(HostKeyVerdict.Trusted, keyType, fingerprint, path, entry.Line);
                    else changed ??= new HostKeyCheck(HostKeyVerdict.Changed, keyType, fingerprint, path, entry.Line);
                }
            }
            return trusted ?? changed ?? new HostKeyCheck(HostKeyVerdict.Unknown, keyType, fingerprint, firstPath, 0,
                otherTypes.Count > 0 ? string.Join(", ", otherTypes) : null);
        }

        /// <summary>Appends one entry in OpenSSH's format, hashed when asked. Safe against concurrent appends in this process.</summary>
        public static string Append(string path, string host, int port, byte[] keyBlob, bool hashHostName = false)
        {
            var hostField = hashHostName ? Hash(HostToken(host, port), NewSalt()) : HostToken(host, port);
            var line = $"{hostField} {KeyTypeOf(keyBlob)} {Convert.ToBase64String(keyBlob)}";
            lock (AppendGate)
            {
                // Another session may have recorded the same key a moment ago.
                if (Check(new[] { path }, host, port, keyBlob).Verdict == HostKeyVerdict.Trusted) return line;
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
            return HashMagic + Convert.ToBase64String(salt) + "|" + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(hostToken)));
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

        private static IEnumerable<Entry> ReadEntries(string path)
        {
            if (!File.Exists(path)) yield break;
            var number = 0;
            foreach (var raw in File.ReadLines(path))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                var fields = Regex.Split(line, @"\s+");
                string? marker = null;
                var index = 0;
                if (fields[0].StartsWith("@", StringComparison.Ordinal))
                {
                    marker = fields[0].ToLowerInvariant();
                    if (marker != "@revoked" && marker != "@cert-authority") continue; // unknown marker: never trust the line
                    index = 1;
                }
                if (fields.Length < index + 3) continue;
                yield return new Entry(number, marker, fields[index], fields[index + 1], fields[index + 2]);
            }
        }

        private sealed class Entry
        {
            public Entry(int line, string? marker, string hosts, string keyType, string keyBase64)
            {
                Line = line;
                Marker = marker;
                Hosts = hosts;
                KeyType = keyType;
                KeyBase64 = keyBase64;
            }

            public int Line { get; }
            public string? Marker { get; }
            public string Hosts { get; }
            public string KeyType { get; }
            public string KeyBase64 { get; }

            public bool MatchesHost(string token)
            {
                if (Hosts.StartsWith(HashMagic, StringComparison.Ordinal)) return MatchesHashed(token);
                var matched = false;
                foreach (var pattern in Hosts.Split(','))
                {
                    if (pattern.Length == 0) continue;
                    var negated = pattern[0] == '!';
                    var body = negated ? pattern.Substring(1) : pattern;
                    if (!WildcardMatch(body.ToLowerInvariant(), token)) continue;
                    if (negated) return false; // a negated match excludes the host whatever else matches
                    matched = true;
                }
                return matched;
            }

            private bool MatchesHashed(string token)
            {
                var parts = Hosts.Substring(HashMagic.Length).Split('|');
                if (parts.Length != 2) return false;
                try
                {
                    return Hash(token, Convert.FromBase64String(parts[0])) == Hosts;
                }
                catch (FormatException)
                {
                    return false;
                }
            }

            private static bool WildcardMatch(string pattern, string text)
            {
                var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
                return Regex.IsMatch(text, regex, RegexOptions.CultureInvariant);
            }
        }
    }
}
