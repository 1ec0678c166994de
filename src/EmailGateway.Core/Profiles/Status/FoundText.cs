namespace EmailGateway.Profiles.Status
{
    /// <summary>A field's text as a format reader found it, and the line it was on (counted from 1).</summary>
    internal readonly struct FoundText
    {
        public FoundText(string text, int line)
        {
            Text = text;
            Line = line;
        }

        public string Text { get; }
        public int Line { get; }
    }
}
