using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// One line of an OpenSSH known_hosts file: host patterns (plain with wildcards and negation, or one
    /// hashed <c>|1|salt|hash</c> name), an optional marker, and the key. Lines OpenSSH would not parse
    /// (too few fields, a key that is not base64, a type that disagrees with the key) are skipped, as
    /// OpenSSH skips them.
    /// </summary>
    internal sealed class KnownHostsEntry
    {
        private const string HashMagic = "|1|";
        private const int MaxCachedFiles = 64;
        private static readonly Regex Fields = new Regex(@"\s+", RegexOptions.CultureInvariant);
        private static readonly ConcurrentDictionary<string, CachedFile> Cache = new ConcurrentDictionary<string, CachedFile>(StringComparer.Ordinal);

        private readonly string[] _patterns;

        private KnownHostsEntry(string path, int line, string? marker, string hosts, byte[] key)
        {
            Path = path;
            Line = line;
            Marker = marker;
            Hosts = hosts;
            Key = key;
            KeyType = KnownHostsFile.KeyTypeOf(key);
            _patterns = hosts.StartsWith(HashMagic, StringComparison.Ordinal) ? new string[0] : hosts.ToLowerInvariant().Split(',');
        }

        public string Path { get; }
        public int Line { get; }

        /// <summary>null for a host key, <c>@revoked</c> or <c>@cert-authority</c>.</summary>
        public string? Marker { get; }

        public string Hosts { get; }
        public byte[] Key { get; }
        public string KeyType { get; }

        public bool IsHostKey => Marker is null;
        public bool IsRevocation => Marker == "@revoked";

        public bool SameKey(byte[] blob) => Key.Length == blob.Length && Key.SequenceEqual(blob);

        /// <summary>The file's entries, parsed once per version of the file (its size and write time).</summary>
        public static IReadOnlyList<KnownHostsEntry> Read(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists) return new KnownHostsEntry[0];
            var stamp = (info.Length, info.LastWriteTimeUtc.Ticks);
            if (Cache.TryGetValue(path, out var cached) && cached.Stamp == stamp) return cached.Entries;
            var entries = Parse(path).ToList();
            if (Cache.Count >= MaxCachedFiles) Cache.Clear();
            Cache[path] = new CachedFile(stamp, entries);
            return entries;
        }

        /// <summary>The entries of the files, in order, whose host patterns match the lookup name.</summary>
        public static IEnumerable<KnownHostsEntry> ForHost(IEnumerable<string> paths, string token) =>
            paths.SelectMany(Read).Where(entry => entry.MatchesHost(token));

        public bool MatchesHost(string token)
        {
            if (Hosts.StartsWith(HashMagic, StringComparison.Ordinal)) return MatchesHashed(token);
            var matched = false;
            foreach (var pattern in _patterns)
            {
                if (pattern.Length == 0) continue;
                var negated = pattern[0] == '!';
                if (!WildcardMatch(negated ? pattern.Substring(1) : pattern, token)) continue;
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
                return KnownHostsFile.Hash(token, Convert.FromBase64String(parts[0])) == Hosts;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>OpenSSH's pattern match: <c>*</c> any run, <c>?</c> one character, nothing else special.</summary>
        private static bool WildcardMatch(string pattern, string text)
        {
            if (pattern.IndexOfAny(new[] { '*', '?' }) < 0) return string.Equals(pattern, text, StringComparison.Ordinal);
            int p = 0, t = 0, star = -1, resume = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
                else if (p < pattern.Length && pattern[p] == '*') { star = p++; resume = t; }
                else if (star >= 0) { p = star + 1; t = ++resume; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        private static IEnumerable<KnownHostsEntry> Parse(string path)
        {
            var number = 0;
            foreach (var raw in File.ReadLines(path))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                var fields = Fields.Split(line);
                string? marker = null;
                var index = 0;
                if (fields[0].StartsWith("@", StringComparison.Ordinal))
                {
                    marker = fields[0].ToLowerInvariant();
                    if (marker != "@revoked" && marker != "@cert-authority") continue; // unknown marker: never trust the line
                    index = 1;
                }
                if (fields.Length < index + 3) continue;
                var key = DecodeKey(fields[index + 1], fields[index + 2]);
                if (key != null) yield return new KnownHostsEntry(path, number, marker, fields[index], key);
            }
        }

        private static byte[]? DecodeKey(string type, string base64)
        {
            try
            {
                var blob = Convert.FromBase64String(base64);
                return string.Equals(KnownHostsFile.KeyTypeOf(blob), type, StringComparison.Ordinal) ? blob : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private sealed class CachedFile
        {
            public CachedFile((long, long) stamp, IReadOnlyList<KnownHostsEntry> entries)
            {
                Stamp = stamp;
                Entries = entries;
            }

            public (long, long) Stamp { get; }
            public IReadOnlyList<KnownHostsEntry> Entries { get; }
        }
    }
}
