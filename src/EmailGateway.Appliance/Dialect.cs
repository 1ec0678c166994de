using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance;

/// <summary>
/// Makes a node speak another firmware's dialect, described by a device profile: commands written with
/// the profile's templates are translated into the lab's protocol, and <c>show status</c> is answered
/// with the profile's status keys. The client driven by the same profile must then work unchanged.
/// </summary>
internal sealed class Dialect
{
    private static readonly Regex Placeholder = new(@"\{(\w+)\}", RegexOptions.CultureInvariant);
    private readonly DeviceProfile _profile;
    private readonly List<(Regex Pattern, string Canonical)> _commands = new();

    private Dialect(DeviceProfile profile)
    {
        _profile = profile;
        var canonical = DeviceProfile.Default.Commands;
        var spoken = profile.Commands;
        Add(spoken.Status, canonical.Status);
        Add(spoken.SetClusterId, canonical.SetClusterId);
        Add(spoken.SetClusterMode, canonical.SetClusterMode);
        Add(spoken.SetClusterModeWithVirtualIp, canonical.SetClusterModeWithVirtualIp);
        Add(spoken.SetNetwork, canonical.SetNetwork);
        Add(spoken.SetAddress, canonical.SetAddress);
        Add(spoken.SetHelo, canonical.SetHelo);
        Add(spoken.ApplyUpdate, canonical.ApplyUpdate);
        Add(spoken.Restart, canonical.Restart);
    }

    public static Dialect Load(string path) => new(DeviceProfile.Load(path));

    public bool IsStatus(string canonicalCommand) => canonicalCommand == DeviceProfile.Default.Commands.Status;

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
        throw new ApplianceException(ErrorCodes.UnknownCommand, $"'{line}' is not a command of the {_profile.Name} dialect");
    }

    /// <summary>Rewrites a lab status reply with this dialect's keys.</summary>
    public string RewriteStatus(string canonicalYaml)
    {
        var node = StatusDocument.Parse(canonicalYaml);
        var keys = _profile.Status;
        var values = new List<(string Path, string Value)>
        {
            (keys.Hostname, Text(node.Hostname)),
            (keys.Product, Text(node.Product)),
            (keys.Build, Text(node.Build?.ToString() ?? string.Empty)),
            (keys.Mode, ModeNames.ToWire(node.Mode)),
            (keys.ClusterId, node.ClusterId.ToString(CultureInfo.InvariantCulture)),
            (keys.VirtualIp, Text(node.VirtualIp ?? string.Empty)),
            (keys.Scanning, node.Scanning ? "true" : "false"),
            (keys.NetworkState, ModeNames.ToWire(node.NetworkState)),
            (keys.Address, Text(node.Address ?? string.Empty)),
            (keys.Helo, Text(node.Helo)),
            (keys.ConfigRevision, node.ConfigRevision.ToString(CultureInfo.InvariantCulture)),
            (keys.Sync, ModeNames.ToWire(node.Sync)),
            (keys.VrrpActive, node.VrrpActive ? "true" : "false"),
            (keys.MailQueue, node.MailQueue.ToString(CultureInfo.InvariantCulture)),
            (keys.Power, ModeNames.ToWire(node.Power)),
        };
        return WriteNested(values);
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

    private static string Text(string value) => "'" + value.Replace("'", "''") + "'";

    private static string WriteNested(List<(string Path, string Value)> values)
    {
        var text = new StringBuilder();
        var open = new List<string>();
        foreach (var (path, value) in values.OrderBy(v => v.Path.Contains('.') ? v.Path[..v.Path.LastIndexOf('.')] : string.Empty, StringComparer.Ordinal))
        {
            var parts = path.Split('.');
            var common = 0;
            while (common < open.Count && common < parts.Length - 1 && open[common] == parts[common]) common++;
            open.RemoveRange(common, open.Count - common);
            for (var i = common; i < parts.Length - 1; i++)
            {
                text.Append(' ', i * 2).Append(parts[i]).Append(":\n");
                open.Add(parts[i]);
            }
            text.Append(' ', (parts.Length - 1) * 2).Append(parts[^1]).Append(": ").Append(value).Append('\n');
        }
        return text.ToString();
    }
}
