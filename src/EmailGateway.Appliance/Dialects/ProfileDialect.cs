using System.Text;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Profiles.Status;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance.Dialects;

/// <summary>
/// A dialect described by a device profile in YAML format: the profile's commands, and <c>show status</c>
/// written with the profile's keys. Failures keep the protocol's <c>error:</c> line.
/// </summary>
internal sealed class ProfileDialect : Dialect
{
    private readonly DeviceProfile _profile;

    private ProfileDialect(DeviceProfile profile) : base(new CommandTranslator(profile.Commands, profile.Name)) => _profile = profile;

    public static ProfileDialect Load(string path)
    {
        var profile = DeviceProfile.Load(path);
        if (profile.Status.Format != StatusFormat.Yaml)
            throw new ArgumentException($"The device profile '{path}' reads {profile.Status.Format} status; the appliance speaks profiles only in YAML format (use --dialect <node>={TextName} for the text CLI).");
        return new ProfileDialect(profile);
    }

    protected override CommandResult Failure(string code, string message, string commandLine) => CommandResult.Fail(code, message);

    protected override string Status(GatewayNode node)
    {
        var values = StatusField.All
            .Where(field => _profile.Status.LocationOf(field) != null)
            .Select(field => (Path: _profile.Status.LocationOf(field)!, Value: Quoted(field.Write(node))))
            .ToList();
        return WriteNested(values);
    }

    private static string Quoted(string value) => "'" + value.Replace("'", "''") + "'";

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
