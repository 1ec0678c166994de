using System.Globalization;

namespace EmailGateway.Smtp
{
    /// <summary>An SMTP reply a receiver gives (or is predicted to give): code, enhanced status code, text.</summary>
    public sealed class ReceiverReply
    {
        public ReceiverReply(int code, string enhancedCode, string text, string rule)
        {
            Code = code;
            EnhancedCode = enhancedCode;
            Text = text;
            Rule = rule;
        }

        public int Code { get; }
        public string EnhancedCode { get; }
        public string Text { get; }

        /// <summary>The receiver rule that produces the reply, e.g. <c>reject_non_fqdn_helo_hostname</c>.</summary>
        public string Rule { get; }

        public bool IsTemporary => Code >= 400 && Code < 500;

        public override string ToString() =>
            string.Join(" ", new[] { Code.ToString(CultureInfo.InvariantCulture), EnhancedCode, Text }).Replace("  ", " ").Trim();
    }
}
