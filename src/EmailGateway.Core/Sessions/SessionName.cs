using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Sessions
{
    /// <summary>
    /// What a session name may be, when it comes from a file: as a lab node's name (letters, digits, '.', '_', '-',
    /// starting with a letter or digit), plus ':' for an IPv6 address used as the name, up to the 253 characters of a
    /// DNS name. No spaces or line breaks (they would break logs and prompts) and no wildcards (names are matched
    /// with wildcards, so 'gw*' would stand for other sessions).
    /// </summary>
    public static class SessionName
    {
        public const int MaxLength = 253;

        private static readonly NameRule Rule = new NameRule("session", "._:-", "letters, digits, '.', '_', '-' and ':', starting with a letter or digit", MaxLength,
            name => $"a name of {name.Length} characters is longer than {MaxLength}",
            name => name.Any(c => c == '*' || c == '?' || c == '[' || c == ']')
                ? $"'{name}' has a wildcard character (*, ?, [ or ]); session names are matched with wildcards, so it would stand for others" : null,
            name => name.Any(char.IsWhiteSpace) || name.Any(char.IsControl) ? $"'{Printable(name)}' has a space, a line break or a control character" : null);

        /// <summary>Why <paramref name="name"/> cannot be a session name, or null when it can.</summary>
        public static string? Problem(string? name) => string.IsNullOrEmpty(name) ? "the name is empty" : Rule.Problem(name!);

        private static string Printable(string text) =>
            new string(text.Replace("\r", "\\r").Replace("\n", "\\n").Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
