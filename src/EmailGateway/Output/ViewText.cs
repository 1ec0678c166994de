using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace EmailGateway.Output
{
    /// <summary>
    /// Text for the format file's table cells. PowerShell wraps a cell at its width wherever that falls, mid-word
    /// included, so the views break long text themselves, at spaces, to the column's width, and put lists one
    /// item a line. A word longer than the column is the only thing ever split.
    /// </summary>
    public static class ViewText
    {
        /// <summary>The text broken into lines of at most <paramref name="width"/> characters, at spaces; existing line breaks are kept.</summary>
        public static string Wrap(object? text, int width)
        {
            var value = text?.ToString() ?? string.Empty;
            if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "A column is at least one character wide.");
            var lines = new List<string>();
            foreach (var paragraph in value.Replace("\r\n", "\n").Split('\n')) WrapParagraph(paragraph, width, lines);
            return string.Join("\n", lines);
        }

        /// <summary>Each item on a line of its own (each wrapped to the width), for list-valued columns.</summary>
        public static string Lines(object? items, int width)
        {
            if (items is null) return string.Empty;
            if (items is string single) return Wrap(single, width);
            var each = items is IEnumerable many ? many.Cast<object?>() : new[] { items };
            return string.Join("\n", each.Where(i => i != null).Select(i => Wrap(i, width)));
        }

        private static void WrapParagraph(string paragraph, int width, List<string> lines)
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var rest = word;
                if (line.Length > 0 && line.Length + 1 + rest.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                while (rest.Length > width)
                {
                    if (line.Length > 0) { lines.Add(line.ToString()); line.Clear(); }
                    lines.Add(rest.Substring(0, width));
                    rest = rest.Substring(width);
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(rest);
            }
            lines.Add(line.ToString());
        }
    }
}
