using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace EmailGateway.Profiles.Status
{
    /// <summary>Runs a profile's patterns over a reply; each named group's first successful capture is kept.</summary>
    internal static class RegexStatusReader
    {
        public static Dictionary<string, FoundText> Read(string output, IEnumerable<Regex> patterns)
        {
            var found = new Dictionary<string, FoundText>(System.StringComparer.Ordinal);
            foreach (var pattern in patterns)
            {
                var names = pattern.GetGroupNames();
                for (var match = pattern.Match(output); match.Success; match = match.NextMatch())
                {
                    foreach (var name in names)
                    {
                        if (IsNumbered(name) || found.ContainsKey(name)) continue;
                        var group = match.Groups[name];
                        if (group.Success) found[name] = new FoundText(group.Value, LineOf(output, group.Index));
                    }
                    if (match.Length == 0 && match.Index >= output.Length) break;
                }
            }
            return found;
        }

        private static bool IsNumbered(string name) => name.Length > 0 && char.IsDigit(name[0]);

        private static int LineOf(string text, int index)
        {
            var line = 1;
            for (var i = 0; i < index && i < text.Length; i++)
                if (text[i] == '\n') line++;
            return line;
        }
    }
}
