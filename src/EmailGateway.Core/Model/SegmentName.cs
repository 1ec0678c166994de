using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EmailGateway.Model
{
    /// <summary>
    /// The name of a network segment (one site's VRRP domain): what an inventory's <c>segment:</c>, a
    /// session's <c>-Segment</c> and a lab give. Letters, digits and <c>. _ - /</c>, up to 128 characters,
    /// starting with a letter or digit; compared without regard to case. Empty is the default segment.
    /// </summary>
    public static class SegmentName
    {
        public const int MaxLength = 128;

        private static readonly NameRule Rule = new NameRule("segment", "._/-", "letters, digits, '.', '_', '-', '/'; starting with a letter or digit", MaxLength,
            name => $"the segment name '{name.Substring(0, 20)}...' is longer than {MaxLength} characters");

        /// <summary>Null when <paramref name="name"/> is a segment name (or empty: the default segment), else why not.</summary>
        public static string? Problem(string? name) => ClusterKey.Normalize(name) is { Length: > 0 } trimmed ? Rule.Problem(trimmed) : null;

        /// <summary>The name trimmed, empty for the default segment; throws <see cref="ArgumentException"/> naming the problem.</summary>
        public static string Validate(string? name, string parameterName = "Segment")
        {
            var problem = Problem(name);
            if (problem != null) throw new ArgumentException(char.ToUpperInvariant(problem[0]) + problem.Substring(1) + ".", parameterName);
            return ClusterKey.Normalize(name);
        }

        /// <summary>True when the segment matches the pattern: '*' any run of characters, '?' one; case-insensitive.</summary>
        public static bool Matches(string pattern, string? segment)
        {
            var regex = "^" + Regex.Escape(ClusterKey.Normalize(pattern)).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
            return Regex.IsMatch(ClusterKey.Normalize(segment), regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        public static bool MatchesAny(IEnumerable<string> patterns, string? segment) => patterns.Any(p => Matches(p, segment));

        /// <summary>True when the pattern holds a wildcard ('*' or '?').</summary>
        public static bool IsPattern(string? pattern) => pattern != null && pattern.IndexOfAny(new[] { '*', '?' }) >= 0;

        /// <summary>How messages name a segment: its name, or "the default segment".</summary>
        public static string Describe(string? name) => ClusterKey.Normalize(name) is { Length: > 0 } segment ? $"segment {segment}" : "the default segment";
    }
}
