using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace EmailGateway.Model
{
    /// <summary>
    /// A software build of an appliance: version, optional Patch and a set of Hotfixes,
    /// written <c>7.6.4 P3 HF1,HF2</c>. Two builds are equal only when all three parts are equal;
    /// hotfix order does not matter (KB80406: members must match in version, Patch and Hotfix).
    /// </summary>
    public sealed class GatewayBuild : IEquatable<GatewayBuild>, IComparable<GatewayBuild>
    {
        private static readonly Regex Shape = new Regex(
            @"^(?<version>\d+(\.\d+){1,3})(\s+P(?<patch>\d+))?(\s+HF(?<hotfixes>[A-Za-z0-9]+(\s*,\s*(HF)?[A-Za-z0-9]+)*))?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private readonly string[] _hotfixes;

        public GatewayBuild(Version version, int patch = 0, IEnumerable<string>? hotfixes = null)
        {
            Version = version ?? throw new ArgumentNullException(nameof(version));
            if (patch < 0) throw new ArgumentOutOfRangeException(nameof(patch), patch, "A Patch number cannot be negative.");
            Patch = patch;
            _hotfixes = (hotfixes ?? Enumerable.Empty<string>())
                .Select(NormalizeHotfix)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(h => h, HotfixComparer.Instance)
                .ToArray();
        }

        public Version Version { get; }

        /// <summary>Patch level; 0 means no Patch.</summary>
        public int Patch { get; }

        /// <summary>Hotfix identifiers without the HF prefix, in a canonical order.</summary>
        public IReadOnlyList<string> Hotfixes => _hotfixes;

        public static GatewayBuild Parse(string text)
        {
            if (TryParse(text, out var build, out var error)) return build!;
            throw new FormatException(error);
        }

        public static bool TryParse(string? text, out GatewayBuild? build) => TryParse(text, out build, out _);

        public static bool TryParse(string? text, out GatewayBuild? build, out string error)
        {
            build = null;
            var trimmed = (text ?? string.Empty).Trim();
            var match = Shape.Match(trimmed);
            if (trimmed.Length == 0 || !match.Success)
            {
                error = $"'{text}' is not a build. Expected '<version> [P<patch>] [HF<id>[,<id>...]]', for example '7.6.4 P3 HF1,HF2'.";
                return false;
            }
            try
            {
                var version = Version.Parse(match.Groups["version"].Value);
                var patch = match.Groups["patch"].Success ? int.Parse(match.Groups["patch"].Value, CultureInfo.InvariantCulture) : 0;
                var hotfixes = match.Groups["hotfixes"].Success
                    ? match.Groups["hotfixes"].Value.Split(',').Select(h => h.Trim())
                    : Enumerable.Empty<string>();
                build = new GatewayBuild(version, patch, hotfixes);
            }
            catch (Exception ex) when (ex is FormatException || ex is OverflowException)
            {
                // The shape matched but a part did not: a number too large for Int32, or a bare "HF" hotfix.
                error = $"'{text}' is not a build ({ex.Message}). Expected '<version> [P<patch>] [HF<id>[,<id>...]]', for example '7.6.4 P3 HF1,HF2'.";
                return false;
            }
            error = string.Empty;
            return true;
        }

        /// <summary>Same version and Patch, ignoring hotfixes.</summary>
        public bool SameRelease(GatewayBuild other) => other != null && Version.Equals(other.Version) && Patch == other.Patch;

        public bool Equals(GatewayBuild? other) =>
            other is not null && SameRelease(other) && _hotfixes.SequenceEqual(other._hotfixes, StringComparer.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => Equals(obj as GatewayBuild);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = Version.GetHashCode() * 397 ^ Patch;
                foreach (var h in _hotfixes) hash = hash * 31 + StringComparer.OrdinalIgnoreCase.GetHashCode(h);
                return hash;
            }
        }

        /// <summary>Orders by version, then Patch, then hotfixes (a superset of hotfixes is newer).</summary>
        public int CompareTo(GatewayBuild? other)
        {
            if (other is null) return 1;
            var byVersion = Version.CompareTo(other.Version);
            if (byVersion != 0) return byVersion;
            var byPatch = Patch.CompareTo(other.Patch);
            if (byPatch != 0) return byPatch;
            if (Equals(other)) return 0;
            var mine = new HashSet<string>(_hotfixes, StringComparer.OrdinalIgnoreCase);
            var theirs = new HashSet<string>(other._hotfixes, StringComparer.OrdinalIgnoreCase);
            if (mine.IsSupersetOf(theirs)) return 1;
            if (theirs.IsSupersetOf(mine)) return -1;
            return string.Compare(ToString(), other.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        public static bool operator ==(GatewayBuild? left, GatewayBuild? right) => left is null ? right is null : left.Equals(right);
        public static bool operator !=(GatewayBuild? left, GatewayBuild? right) => !(left == right);

        public override string ToString()
        {
            var text = Version.ToString();
            if (Patch > 0) text += " P" + Patch.ToString(CultureInfo.InvariantCulture);
            if (_hotfixes.Length > 0) text += " " + string.Join(",", _hotfixes.Select(h => "HF" + h));
            return text;
        }

        private static string NormalizeHotfix(string id)
        {
            var trimmed = (id ?? string.Empty).Trim();
            if (trimmed.StartsWith("HF", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed.Substring(2);
            if (trimmed.Length == 0 || !trimmed.All(char.IsLetterOrDigit))
                throw new FormatException($"'{id}' is not a hotfix identifier.");
            return trimmed.ToUpperInvariant();
        }

        /// <summary>Numeric-aware ordering so HF2 sorts before HF10.</summary>
        private sealed class HotfixComparer : IComparer<string>
        {
            public static readonly HotfixComparer Instance = new HotfixComparer();
            public int Compare(string? x, string? y)
            {
                var xNumeric = int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xn);
                var yNumeric = int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yn);
                if (xNumeric && yNumeric) return xn.CompareTo(yn);
                if (xNumeric != yNumeric) return xNumeric ? -1 : 1;
                return string.CompareOrdinal(x, y);
            }
        }
    }
}
