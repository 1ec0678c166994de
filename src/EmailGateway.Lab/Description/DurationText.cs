using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EmailGateway.Lab.Description
{
    /// <summary>Durations as people write them: <c>20m</c>, <c>90s</c>, <c>1h30m</c>, <c>500ms</c>, <c>00:20:00</c>, or plain seconds.</summary>
    public static class DurationText
    {
        private static readonly Regex Units = new Regex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?!s))?(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+)ms)?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static bool TryParse(string? text, out TimeSpan value)
        {
            value = TimeSpan.Zero;
            var trimmed = (text ?? string.Empty).Trim();
            if (trimmed.Length == 0) return false;
            if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                if (seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
                value = TimeSpan.FromSeconds(seconds);
                return true;
            }
            if (trimmed.Contains(":")) return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
            var match = Units.Match(trimmed);
            if (!match.Success) return false;
            double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
            value = TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s")) + TimeSpan.FromMilliseconds(Part("ms"));
            return true;
        }

        public static TimeSpan Parse(string text) =>
            TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a duration (for example 20m, 90s, 1h30m, 00:20:00, or seconds).");
    }
}
