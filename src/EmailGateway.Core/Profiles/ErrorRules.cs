using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using EmailGateway.Protocol;

namespace EmailGateway.Profiles
{
    /// <summary>
    /// How a profile tells a failed command from a good one: a non-zero exit status (exec requests only; a
    /// shell has none), and/or a line of the reply matching a pattern, such as <c>% Error:</c>. The pattern's
    /// groups <c>code</c> and <c>message</c>, or else the <see cref="Codes"/> table, give the error code.
    /// </summary>
    public sealed class ErrorRules
    {
        internal ErrorRules(bool exitStatus, Regex? pattern, IReadOnlyList<KeyValuePair<string, Regex>> codes)
        {
            ExitStatus = exitStatus;
            Pattern = pattern;
            Codes = codes;
        }

        /// <summary>The default protocol: a non-zero status, and the <c>error: &lt;code&gt;: &lt;message&gt;</c> line.</summary>
        public static ErrorRules Default { get; } = new ErrorRules(true, new Regex(ApplianceError.LinePattern, RegexOptions.CultureInvariant), Array.Empty<KeyValuePair<string, Regex>>());

        /// <summary>A non-zero exit status means failure.</summary>
        public bool ExitStatus { get; }

        /// <summary>A line of the reply (either stream) matching this means failure; null when only the exit status counts.</summary>
        public Regex? Pattern { get; }

        /// <summary>Error codes for messages, in order: the first whose pattern matches the message names the code.</summary>
        public IReadOnlyList<KeyValuePair<string, Regex>> Codes { get; }

        /// <summary>True when <paramref name="line"/> is an error line of this profile.</summary>
        public bool IsErrorLine(string line) => Pattern != null && Pattern.IsMatch(line.Trim());

        /// <summary>The failure this result reports, or null when the command succeeded.</summary>
        public ApplianceError? Recognise(CommandResult result)
        {
            var line = FirstErrorLine(result.StandardError) ?? FirstErrorLine(result.StandardOutput);
            if (line != null) return line;
            if (!ExitStatus || result.ExitStatus == 0) return null;
            var text = result.StandardError.Trim();
            if (text.Length == 0) text = result.StandardOutput.Trim();
            var message = text.Length > 0 ? text : $"the command failed with exit status {result.ExitStatus}";
            return new ApplianceError(CodeOf(message) ?? "unknown", message);
        }

        private ApplianceError? FirstErrorLine(string text)
        {
            if (Pattern is null || text.Length == 0) return null;
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                var match = Pattern.Match(line);
                if (!match.Success) continue;
                var message = match.Groups["message"].Success ? match.Groups["message"].Value.Trim() : line;
                var code = match.Groups["code"].Success && match.Groups["code"].Value.Trim().Length > 0 ? match.Groups["code"].Value.Trim() : null;
                return new ApplianceError(code ?? CodeOf(message) ?? CodeOf(line) ?? "unknown", message);
            }
            return null;
        }

        private string? CodeOf(string message)
        {
            foreach (var entry in Codes)
                if (entry.Value.IsMatch(message)) return entry.Key;
            return null;
        }
    }
}
