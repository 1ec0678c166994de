using System;
using System.Text.RegularExpressions;

namespace EmailGateway.Protocol
{
    /// <summary>The protocol's failure line: <c>error: &lt;code&gt;: &lt;message&gt;</c> on stderr.</summary>
    public sealed class ApplianceError
    {
        /// <summary>The failure line as a regular expression with groups <c>code</c> (optional) and <c>message</c>.</summary>
        public const string LinePattern = @"^error:\s*(?:(?<code>[^\s:]+):\s*)?(?<message>.*)$";

        private static readonly Regex Line = new Regex(LinePattern, RegexOptions.CultureInvariant);

        public ApplianceError(string code, string message)
        {
            Code = code;
            Message = message;
        }

        public string Code { get; }
        public string Message { get; }

        public static string Format(string code, string message) => $"error: {code}: {message}";

        /// <summary>Reads the first <c>error:</c> line; anything else becomes code <c>unknown</c>.</summary>
        public static ApplianceError Parse(string standardError, int exitStatus)
        {
            foreach (var raw in (standardError ?? string.Empty).Split('\n'))
            {
                var match = Line.Match(raw.Trim());
                if (!match.Success) continue;
                var code = match.Groups["code"];
                return new ApplianceError(code.Success ? code.Value : "unknown", match.Groups["message"].Value.Trim());
            }
            var text = (standardError ?? string.Empty).Trim();
            return new ApplianceError("unknown", text.Length > 0 ? text : $"the command failed with exit status {exitStatus}");
        }

        public override string ToString() => Format(Code, Message);
    }
}
