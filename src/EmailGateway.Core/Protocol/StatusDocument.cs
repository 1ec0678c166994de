using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using EmailGateway.Model;
using YamlDotNet.RepresentationModel;

namespace EmailGateway.Protocol
{
    /// <summary>
    /// Reads and writes the YAML of <c>show status</c>. Where each field lives is given by a
    /// <see cref="StatusKeys"/> map (dotted paths), so a device profile can rename keys.
    /// </summary>
    public static class StatusDocument
    {
        public static GatewayNode Parse(string yaml, StatusKeys? keys = null)
        {
            keys ??= StatusKeys.Default;
            YamlMappingNode root;
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(yaml ?? string.Empty));
                root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
                    ? mapping
                    : throw new FormatException("the status is not a YAML mapping");
            }
            catch (YamlDotNet.Core.YamlException ex)
            {
                throw new FormatException($"The status is not valid YAML: {ex.Message}", ex);
            }

            string Required(string path) => Find(root, path) ?? throw new FormatException($"The status has no '{path}'.");
            string? Optional(string path) => Find(root, path);

            var buildText = Required(keys.Build);
            if (!GatewayBuild.TryParse(buildText, out var build, out var buildError)) throw new FormatException(buildError);

            return new GatewayNode
            {
                Hostname = Required(keys.Hostname),
                Product = Optional(keys.Product) ?? string.Empty,
                Build = build,
                Mode = ModeNames.ParseMode(Required(keys.Mode)),
                ClusterId = ClusterId.Parse(Required(keys.ClusterId)),
                VirtualIp = NullIfEmpty(Optional(keys.VirtualIp)),
                Scanning = ParseBool(Optional(keys.Scanning), keys.Scanning),
                NetworkState = ModeNames.ParseNetwork(Required(keys.NetworkState)),
                Address = NullIfEmpty(Optional(keys.Address)),
                Helo = Optional(keys.Helo) ?? string.Empty,
                ConfigRevision = ParseInt(Optional(keys.ConfigRevision), keys.ConfigRevision),
                Sync = ModeNames.ParseSync(Required(keys.Sync)),
                VrrpActive = ParseBool(Optional(keys.VrrpActive), keys.VrrpActive),
                MailQueue = ParseInt(Optional(keys.MailQueue), keys.MailQueue),
                Power = Optional(keys.Power) is { } power ? ModeNames.ParsePower(power) : PowerState.Running,
            };
        }

        /// <summary>Writes the default protocol's layout (DESIGN.md section 3).</summary>
        public static string Write(GatewayNode node)
        {
            var text = new StringBuilder();
            text.Append("hostname: ").Append(Quote(node.Hostname)).Append('\n');
            text.Append("product: ").Append(Quote(node.Product)).Append('\n');
            text.Append("build: ").Append(node.Build).Append('\n');
            text.Append("cluster: { mode: ").Append(ModeNames.ToWire(node.Mode))
                .Append(", id: ").Append(node.ClusterId.ToString(CultureInfo.InvariantCulture))
                .Append(", virtual_ip: ").Append(node.VirtualIp ?? "''")
                .Append(", scanning: ").Append(node.Scanning ? "true" : "false").Append(" }\n");
            text.Append("network: { state: ").Append(ModeNames.ToWire(node.NetworkState))
                .Append(", address: ").Append(node.Address ?? "''").Append(" }\n");
            text.Append("smtp: { helo: ").Append(Quote(node.Helo)).Append(" }\n");
            text.Append("config: { revision: ").Append(node.ConfigRevision.ToString(CultureInfo.InvariantCulture))
                .Append(", sync: ").Append(ModeNames.ToWire(node.Sync)).Append(" }\n");
            text.Append("vrrp: { active: ").Append(node.VrrpActive ? "true" : "false").Append(" }\n");
            text.Append("mail: { queue: ").Append(node.MailQueue.ToString(CultureInfo.InvariantCulture)).Append(" }\n");
            text.Append("power: ").Append(ModeNames.ToWire(node.Power)).Append('\n');
            return text.ToString();
        }

        private static string Quote(string value) =>
            value.Length == 0 || value.IndexOfAny(new[] { ':', '#', '{', '}', ',', '\'', '"', '[', ']' }) >= 0 || value.Trim() != value
                ? "'" + value.Replace("'", "''") + "'"
                : value;

        private static string? Find(YamlMappingNode root, string dottedPath)
        {
            YamlNode current = root;
            foreach (var part in dottedPath.Split('.'))
            {
                if (current is not YamlMappingNode mapping) return null;
                YamlNode? next = null;
                foreach (var entry in mapping.Children)
                {
                    if (entry.Key is YamlScalarNode key && string.Equals(key.Value, part, StringComparison.Ordinal))
                    {
                        next = entry.Value;
                        break;
                    }
                }
                if (next is null) return null;
                current = next;
            }
            return current is YamlScalarNode scalar ? scalar.Value ?? string.Empty : null;
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static bool ParseBool(string? value, string key) => (value ?? "false").Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" or "" => false,
            _ => throw new FormatException($"The status field '{key}' is '{value}', not true or false."),
        };

        private static int ParseInt(string? value, string key) =>
            value is null ? 0
            : int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number
            : throw new FormatException($"The status field '{key}' is '{value}', not a whole number.");
    }
}
