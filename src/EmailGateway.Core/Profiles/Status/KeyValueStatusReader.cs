using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EmailGateway.Profiles.Status
{
    /// <summary>
    /// Reads <c>Key: value</c> lines grouped under section headers. A location is <c>Section/Key</c>, or a
    /// key alone for its first line in any section; keys and sections compare without case and with runs of
    /// blanks as one. The value is what follows the first separator on the line.
    /// </summary>
    internal sealed class KeyValueStatusReader
    {
        private readonly List<(string Section, string Key, string Label, FoundText Value)> _pairs = new List<(string, string, string, FoundText)>();

        public KeyValueStatusReader(string output, Regex? section, string separator)
        {
            var current = string.Empty;
            var lines = output.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd();
                if (line.Trim().Length == 0) continue;
                var header = section?.Match(line);
                if (header != null && header.Success)
                {
                    var named = header.Groups["section"];
                    current = (named.Success ? named.Value : header.Value).Trim();
                    continue;
                }
                var at = line.IndexOf(separator, StringComparison.Ordinal);
                if (at <= 0) continue;
                var key = line.Substring(0, at).Trim();
                if (key.Length == 0) continue;
                var label = current.Length == 0 ? key : current + "/" + key;
                _pairs.Add((Normalize(current), Normalize(key), label, new FoundText(line.Substring(at + separator.Length).Trim(), i + 1)));
            }
        }

        /// <summary>Every Section/Key label in the reply, in order.</summary>
        public IEnumerable<string> Labels => _pairs.Select(p => p.Label);

        public FoundText? Find(string location, out string? label)
        {
            label = null;
            var slash = location.IndexOf('/');
            if (slash > 0)
            {
                var section = Normalize(location.Substring(0, slash));
                var key = Normalize(location.Substring(slash + 1));
                foreach (var pair in _pairs)
                    if (pair.Section == section && pair.Key == key) { label = pair.Label; return pair.Value; }
            }
            // A key alone, or one that holds a slash itself ("TCP/IP address").
            var whole = Normalize(location);
            foreach (var pair in _pairs)
                if (pair.Key == whole) { label = pair.Label; return pair.Value; }
            return null;
        }

        public static string Normalize(string text) =>
            string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }
}
