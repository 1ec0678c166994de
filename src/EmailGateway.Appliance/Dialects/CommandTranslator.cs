using System.Text;
using System.Text.RegularExpressions;
using EmailGateway.Profiles;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance.Dialects;

/// <summary>
/// Turns command lines written with another firmware's templates into the lab's protocol: each template
/// becomes a pattern whose placeholders capture one word, then fill the lab command's placeholders.
/// </summary>
internal sealed class CommandTranslator
{
    private static readonly Regex Placeholder = new(@"\{(\w+)\}", RegexOptions.CultureInvariant);
    private readonly List<(Regex Pattern, string Canonical)> _commands = new();
    private readonly string _dialectName;

    public CommandTranslator(CommandTemplates spoken, string dialectName)
    {
        _dialectName = dialectName;
        foreach (var (mine, lab) in spoken.ByKey().Zip(DeviceProfile.Default.Commands.ByKey())) Add(mine.Value, lab.Value);
    }

    public static bool IsStatus(string canonicalCommand) => canonicalCommand == DeviceProfile.Default.Commands.Status;

    /// <summary>The lab-protocol command for a line in this dialect.</summary>
    public string Translate(string commandLine)
    {
        var line = commandLine.Trim();
        foreach (var (pattern, canonical) in _commands)
        {
            var match = pattern.Match(line);
            if (!match.Success) continue;
            return Placeholder.Replace(canonical, m => match.Groups[m.Groups[1].Value].Value);
        }
        throw new ApplianceException(ErrorCodes.UnknownCommand, $"'{line}' is not a command of the {_dialectName} dialect");
    }

    private void Add(string spoken, string canonical)
    {
        var pattern = new StringBuilder("^");
        var position = 0;
        foreach (Match slot in Placeholder.Matches(spoken))
        {
            pattern.Append(Literal(spoken.Substring(position, slot.Index - position)));
            pattern.Append("(?<").Append(slot.Groups[1].Value).Append(@">\S+)");
            position = slot.Index + slot.Length;
        }
        pattern.Append(Literal(spoken.Substring(position))).Append('$');
        _commands.Add((new Regex(pattern.ToString(), RegexOptions.CultureInvariant), canonical));
    }

    /// <summary>A literal part of a template: words escaped, any run of spaces matching any whitespace.</summary>
    private static string Literal(string text)
    {
        if (text.Length == 0) return string.Empty;
        var body = string.Join(@"\s+", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));
        if (body.Length == 0) return @"\s+";
        return (char.IsWhiteSpace(text[0]) ? @"\s+" : string.Empty) + body + (char.IsWhiteSpace(text[^1]) ? @"\s+" : string.Empty);
    }
}
