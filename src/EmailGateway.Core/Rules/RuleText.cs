namespace EmailGateway.Rules
{
    /// <summary>Wording the rules share.</summary>
    internal static class RuleText
    {
        /// <summary>"Cluster 12", to start a sentence.</summary>
        public static string Capital(object subject)
        {
            var text = subject.ToString() ?? string.Empty;
            return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
        }
    }
}
