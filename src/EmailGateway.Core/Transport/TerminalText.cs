using System.Text;
using System.Text.RegularExpressions;

namespace EmailGateway.Transport
{
    /// <summary>
    /// Turns what a terminal received into the lines a person saw: escape sequences removed, carriage
    /// returns and backspaces applied (a pager that erases its <c>--More--</c> with <c>\r        \r</c>
    /// leaves nothing behind), trailing blanks dropped. Used for shell replies and captured transcripts.
    /// </summary>
    public static class TerminalText
    {
        private static readonly Regex Escapes = new Regex(@"\x1B(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\)|[@-Z\\-_])", RegexOptions.CultureInvariant);

        public static string Render(string received)
        {
            var text = Escapes.Replace(received ?? string.Empty, string.Empty);
            var output = new StringBuilder(text.Length);
            var line = new StringBuilder();
            var cursor = 0;
            foreach (var c in text)
            {
                switch (c)
                {
                    case '\n':
                        output.Append(TrimEnd(line)).Append('\n');
                        line.Clear();
                        cursor = 0;
                        break;
                    case '\r':
                        cursor = 0;
                        break;
                    case '\b':
                        if (cursor > 0) cursor--;
                        break;
                    case '\t':
                        Put(line, ref cursor, c);
                        break;
                    default:
                        if (!char.IsControl(c)) Put(line, ref cursor, c);
                        break;
                }
            }
            return output.Append(TrimEnd(line)).ToString();
        }

        private static void Put(StringBuilder line, ref int cursor, char c)
        {
            if (cursor < line.Length) line[cursor] = c;
            else line.Append(c);
            cursor++;
        }

        private static string TrimEnd(StringBuilder line) => line.ToString().TrimEnd();
    }
}
