using System.Globalization;
using System.Text;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>Text made safe for HTML and SVG (element content and quoted attributes alike), and numbers in invariant culture.</summary>
    public static class MarkupText
    {
        public static string Encode(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var builder = new StringBuilder(text!.Length + 16);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': builder.Append("&amp;"); break;
                    case '<': builder.Append("&lt;"); break;
                    case '>': builder.Append("&gt;"); break;
                    case '"': builder.Append("&quot;"); break;
                    case '\'': builder.Append("&#39;"); break;
                    default:
                        // Control characters other than tab and line breaks are not allowed in XML (the SVG) at all.
                        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') builder.Append('\uFFFD');
                        else builder.Append(c);
                        break;
                }
            }
            return builder.ToString();
        }

        public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
