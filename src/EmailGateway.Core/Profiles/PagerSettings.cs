using System.Text.RegularExpressions;

namespace EmailGateway.Profiles
{
    /// <summary>
    /// Shell channel: how the appliance pauses long output (a prompt such as <c>--More--</c>, a regular
    /// expression matched at the end of what has arrived) and what to send to see the next page.
    /// </summary>
    public sealed class PagerSettings
    {
        internal PagerSettings(string prompt, string send)
        {
            Prompt = prompt;
            Send = send;
        }

        /// <summary>The pager's prompt, a regular expression.</summary>
        public string Prompt { get; }

        /// <summary>What is typed to page on (a space by default).</summary>
        public string Send { get; }

        /// <summary>The prompt anchored to the end of the received text, as the shell channel waits for it.</summary>
        public Regex AtEnd() => DeviceProfile.AtEnd(Prompt);

        /// <summary>The prompt anywhere, to remove it from a captured transcript.</summary>
        public Regex Anywhere() => new Regex(Prompt, RegexOptions.Multiline | RegexOptions.CultureInvariant, Status.StatusLayout.MatchTimeout);
    }
}
