using System.Globalization;
using System.Text;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance.Dialects;

/// <summary>
/// A console CLI that answers in text, as many appliance firmwares do: a login banner, a <c>node# </c>
/// prompt, <c>show system status</c> as <c>Key : value</c> lines under section headers with the
/// firmware's own words (Up, Enabled, In sync), failures as <c>% Error: ...</c> lines on standard output
/// with exit status 0, and a <c>--More--</c> pager every <see cref="LinesPerPage"/> lines in a shell.
/// docs/device-profiles.md shows a capture of it and the profile that reads it.
/// </summary>
internal sealed class TextDialect : Dialect
{
    public const int LinesPerPage = 10;

    public static readonly CommandTemplates Spoken = new()
    {
        Status = "show system status",
        SetClusterId = "cluster id {id}",
        SetClusterMode = "cluster role {mode}",
        SetClusterModeWithVirtualIp = "cluster role {mode} virtual-ip {virtualIp}",
        SetNetwork = "interface traffic {state}",
        SetAddress = "interface traffic address {address}",
        SetHelo = "smtp greeting {helo}",
        ApplyUpdate = "system update {path} sha256 {sha256}",
        Restart = "system restart",
    };

    public TextDialect() : base(new CommandTranslator(Spoken, "text CLI"))
    {
    }

    public override string Banner
    {
        get
        {
            var rule = new string('*', 70);
            string Line(string text) => "*  " + text.PadRight(rule.Length - 6) + "  *\n";
            return rule + "\n" + Line("Email Gateway management console") + Line("Authorised administrators only. Every session is logged.") + rule + "\n\n";
        }
    }

    public override int PageLength => LinesPerPage;

    public override string PromptFor(string node) => node + "# ";

    protected override CommandResult Failure(string code, string message, string commandLine)
    {
        var line = code switch
        {
            ErrorCodes.UnknownCommand => $"% Invalid input: '{commandLine.Trim()}'",
            ErrorCodes.Busy => "% Error: System busy - " + message,
            ErrorCodes.ChecksumMismatch => "% Error: Checksum verification failed - " + message,
            ErrorCodes.InvalidPackage => "% Error: Package rejected - " + message,
            ErrorCodes.InvalidArgument => "% Error: Invalid argument - " + message,
            ErrorCodes.NotFound => "% Error: File not found - " + message,
            ErrorCodes.Unreachable => "% Error: Management interface unreachable - " + message,
            _ => "% Error: Command failed - " + message,
        };
        // Like many network CLIs, the firmware ends every command with status 0: only the text tells.
        return CommandResult.Ok(line + "\n");
    }

    protected override string Status(GatewayNode node)
    {
        var text = new StringBuilder();
        text.Append(node.Hostname).Append(" - system status\n");
        Pair(text, "Console time", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        text.Append("System\n");
        Pair(text, "Host name", node.Hostname);
        Pair(text, "Product", node.Product);
        Pair(text, "Software version", node.Build?.ToString() ?? "unknown");
        Pair(text, "Power", Capital(ModeNames.ToWire(node.Power)));
        text.Append("Cluster\n");
        Pair(text, "Role", Capital(ModeNames.ToWire(node.Mode)));
        Pair(text, "Cluster ID", node.ClusterId.ToString(CultureInfo.InvariantCulture));
        Pair(text, "Virtual IP", node.VirtualIp ?? "(none)");
        Pair(text, "Virtual IP owner", node.VrrpActive ? "Yes" : "No");
        Pair(text, "Scanning", node.Scanning ? "Enabled" : "Disabled");
        text.Append("Traffic interfaces\n");
        Pair(text, "Link", node.NetworkState == NetworkState.Online ? "Up" : "Down");
        Pair(text, "Address", node.Address ?? "(none)");
        text.Append("Mail\n");
        Pair(text, "Outbound greeting", node.Helo);
        Pair(text, "Queued messages", node.MailQueue.ToString(CultureInfo.InvariantCulture));
        text.Append("Configuration\n");
        Pair(text, "Revision", node.ConfigRevision.ToString(CultureInfo.InvariantCulture));
        Pair(text, "Sync state", node.Sync == SyncState.InSync ? "In sync" : Capital(ModeNames.ToWire(node.Sync)));
        return text.ToString();
    }

    private static void Pair(StringBuilder text, string key, string value) => text.Append("  ").Append(key.PadRight(18)).Append(": ").Append(value).Append('\n');

    private static string Capital(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
