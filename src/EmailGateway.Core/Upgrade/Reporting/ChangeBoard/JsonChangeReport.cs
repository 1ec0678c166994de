using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>
    /// The report as JSON: the public properties of the report model, by name, enums as names, times in
    /// ISO 8601 with their offset, indented. Written here because the module's libraries carry no JSON
    /// serializer for netstandard2.0.
    /// </summary>
    public static class JsonChangeReport
    {
        public static string Write(ChangeReport report)
        {
            var json = new StringBuilder();
            Value(json, report, 0);
            return json.Append('\n').ToString();
        }

        private static void Value(StringBuilder json, object? value, int depth)
        {
            switch (value)
            {
                case null: json.Append("null"); break;
                case string text: Text(json, text); break;
                case bool flag: json.Append(flag ? "true" : "false"); break;
                case Enum e: Text(json, e.ToString()); break;
                case DateTimeOffset time: Text(json, time.ToString("o", CultureInfo.InvariantCulture)); break;
                case double d: json.Append(double.IsNaN(d) || double.IsInfinity(d) ? "null" : d.ToString("R", CultureInfo.InvariantCulture)); break;
                case int _: case long _: json.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                case IEnumerable items: Array(json, items, depth); break;
                default: Object(json, value, depth); break;
            }
        }

        private static void Array(StringBuilder json, IEnumerable items, int depth)
        {
            var list = items.Cast<object?>().ToList();
            if (list.Count == 0)
            {
                json.Append("[]");
                return;
            }
            json.Append('[');
            for (var i = 0; i < list.Count; i++)
            {
                json.Append(i == 0 ? "\n" : ",\n").Append(' ', 2 * (depth + 1));
                Value(json, list[i], depth + 1);
            }
            json.Append('\n').Append(' ', 2 * depth).Append(']');
        }

        private static void Object(StringBuilder json, object value, int depth)
        {
            var properties = value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
            json.Append('{');
            for (var i = 0; i < properties.Count; i++)
            {
                json.Append(i == 0 ? "\n" : ",\n").Append(' ', 2 * (depth + 1));
                Text(json, properties[i].Name);
                json.Append(": ");
                Value(json, properties[i].GetValue(value), depth + 1);
            }
            json.Append('\n').Append(' ', 2 * depth).Append('}');
        }

        private static void Text(StringBuilder json, string text)
        {
            json.Append('"');
            foreach (var c in text)
            {
                switch (c)
                {
                    case '"': json.Append("\\\""); break;
                    case '\\': json.Append("\\\\"); break;
                    case '\n': json.Append("\\n"); break;
                    case '\r': json.Append("\\r"); break;
                    case '\t': json.Append("\\t"); break;
                    default:
                        // Also < > & as escapes, so the text can sit inside an HTML script block without ending it.
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else json.Append(c);
                        break;
                }
            }
            json.Append('"');
        }
    }

    /// <summary>Writes a change report in the format asked for.</summary>
    public static class ChangeReportWriter
    {
        public static string Render(ChangeReport report, ChangeReportFormat format) => format switch
        {
            ChangeReportFormat.Html => HtmlChangeReport.Write(report),
            ChangeReportFormat.Markdown => MarkdownChangeReport.Write(report),
            ChangeReportFormat.Json => JsonChangeReport.Write(report),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Html, Markdown or Json."),
        };

        /// <summary>The format a file name asks for when none is given: .md or .markdown for Markdown, .json for JSON, anything else HTML.</summary>
        public static ChangeReportFormat FormatFor(string path)
        {
            var extension = System.IO.Path.GetExtension(path ?? string.Empty).ToLowerInvariant();
            return extension == ".md" || extension == ".markdown" ? ChangeReportFormat.Markdown
                : extension == ".json" ? ChangeReportFormat.Json
                : ChangeReportFormat.Html;
        }
    }
}
