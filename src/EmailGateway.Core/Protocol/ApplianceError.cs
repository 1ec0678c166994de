using System;

namespace EmailGateway.Protocol
{
    /// <summary>The protocol's failure line: <c>error: &lt;code&gt;: &lt;message&gt;</c> on stderr.</summary>
    public sealed class ApplianceError
    {
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
                var line = raw.Trim();
                if (!line.StartsWith("error:", StringComparison.Ordinal)) continue;
                var rest = line.Substring("error:".Length).Trim();
                var colon = rest.IndexOf(':');
                return colon > 0
                    ? new ApplianceError(rest.Substring(0, colon).Trim(), rest.Substring(colon + 1).Trim())
                    : new ApplianceError("unknown", rest);
            }
            var text = (standardError ?? string.Empty).Trim();
            return new ApplianceError("unknown", text.Length > 0 ? text : $"the command failed with exit status {exitStatus}");
        }

        public override string ToString() => Format(Code, Message);
    }
}
