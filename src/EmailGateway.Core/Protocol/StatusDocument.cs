using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using EmailGateway.Model;
using EmailGateway.Profiles.Status;

namespace EmailGateway.Protocol
{
    /// <summary>
    /// Writes the default protocol's YAML of <c>show status</c>, and reads it back through a YAML
    /// <see cref="StatusLayout"/> (dotted paths), so a device profile can rename keys.
    /// </summary>
    public static class StatusDocument
    {
        /// <summary>Reads a YAML status; <paramref name="layout"/> says where the fields are (the default protocol when null).</summary>
        public static GatewayNode Parse(string yaml, StatusLayout? layout = null) => (layout ?? StatusLayout.Yaml()).Read(yaml).ToNode();

        /// <summary>Writes the default protocol's layout, the one the built-in profile reads.</summary>
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
    }
}
