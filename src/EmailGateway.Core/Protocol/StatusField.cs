using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Protocol
{
    /// <summary>
    /// One field of <c>show status</c>: its key in device profiles, the node property it fills, whether a
    /// status without it is unreadable, and how its text becomes a value. <see cref="All"/> is every field
    /// of <see cref="GatewayNode"/> that the status carries.
    /// </summary>
    public sealed class StatusField
    {
        private readonly Func<string, object?> _parse;
        private readonly Action<GatewayNode, object?> _assign;
        private readonly Func<GatewayNode, string> _write;

        private StatusField(string key, string property, bool required, string yamlPath, object? fallback,
            Func<string, object?> parse, Action<GatewayNode, object?> assign, Func<GatewayNode, string> write)
        {
            Key = key;
            Property = property;
            Required = required;
            YamlPath = yamlPath;
            Fallback = fallback;
            _parse = parse;
            _assign = assign;
            _write = write;
        }

        /// <summary>The field's key in a device profile's <c>status</c> section, e.g. <c>clusterId</c>.</summary>
        public string Key { get; }

        /// <summary>The <see cref="GatewayNode"/> property it fills, e.g. <c>ClusterId</c>.</summary>
        public string Property { get; }

        /// <summary>A status without this field cannot be used.</summary>
        public bool Required { get; }

        /// <summary>Where the default protocol's YAML keeps it, as a dotted path (the built-in profile's location).</summary>
        public string YamlPath { get; }

        /// <summary>The value an optional field takes when the status does not carry it.</summary>
        public object? Fallback { get; }

        /// <summary>The typed value of <paramref name="text"/>; a FormatException says what was expected.</summary>
        public object? Parse(string text) => _parse((text ?? string.Empty).Trim());

        public void Assign(GatewayNode node, object? value) => _assign(node, value);

        /// <summary>The field's value as the default protocol writes it.</summary>
        public string Write(GatewayNode node) => _write(node);

        public override string ToString() => Key;

        public static readonly StatusField Hostname = TextField("hostname", nameof(GatewayNode.Hostname), true, "hostname", (n, v) => n.Hostname = v, n => n.Hostname);
        public static readonly StatusField Product = TextField("product", nameof(GatewayNode.Product), false, "product", (n, v) => n.Product = v, n => n.Product);
        public static readonly StatusField Build = new StatusField("build", nameof(GatewayNode.Build), true, "build", null,
            GatewayBuild.Parse, (n, v) => n.Build = (GatewayBuild?)v, n => n.Build?.ToString() ?? string.Empty);
        public static readonly StatusField Mode = new StatusField("mode", nameof(GatewayNode.Mode), true, "cluster.mode", null,
            t => ModeNames.ParseMode(t), (n, v) => n.Mode = (ClusterMode)v!, n => ModeNames.ToWire(n.Mode));
        public static readonly StatusField ClusterId = new StatusField("clusterId", nameof(GatewayNode.ClusterId), true, "cluster.id", null,
            t => Model.ClusterId.Parse(t).Value, (n, v) => n.ClusterId = (int)v!, n => n.ClusterId.ToString(CultureInfo.InvariantCulture));
        public static readonly StatusField VirtualIp = AddressField("virtualIp", nameof(GatewayNode.VirtualIp), "cluster.virtual_ip", (n, v) => n.VirtualIp = v, n => n.VirtualIp);
        public static readonly StatusField Scanning = FlagField("scanning", nameof(GatewayNode.Scanning), "cluster.scanning", (n, v) => n.Scanning = v, n => n.Scanning);
        public static readonly StatusField NetworkState = new StatusField("networkState", nameof(GatewayNode.NetworkState), true, "network.state", null,
            t => ModeNames.ParseNetwork(t), (n, v) => n.NetworkState = (Model.NetworkState)v!, n => ModeNames.ToWire(n.NetworkState));
        public static readonly StatusField Address = AddressField("address", nameof(GatewayNode.Address), "network.address", (n, v) => n.Address = v, n => n.Address);
        public static readonly StatusField Helo = TextField("helo", nameof(GatewayNode.Helo), false, "smtp.helo", (n, v) => n.Helo = v, n => n.Helo);
        public static readonly StatusField ConfigRevision = CountField("configRevision", nameof(GatewayNode.ConfigRevision), "config.revision", (n, v) => n.ConfigRevision = v, n => n.ConfigRevision);
        public static readonly StatusField Sync = new StatusField("sync", nameof(GatewayNode.Sync), true, "config.sync", null,
            t => ModeNames.ParseSync(t), (n, v) => n.Sync = (SyncState)v!, n => ModeNames.ToWire(n.Sync));
        public static readonly StatusField VrrpActive = FlagField("vrrpActive", nameof(GatewayNode.VrrpActive), "vrrp.active", (n, v) => n.VrrpActive = v, n => n.VrrpActive);
        public static readonly StatusField MailQueue = CountField("mailQueue", nameof(GatewayNode.MailQueue), "mail.queue", (n, v) => n.MailQueue = v, n => n.MailQueue);
        public static readonly StatusField Power = new StatusField("power", nameof(GatewayNode.Power), false, "power", PowerState.Running,
            t => ModeNames.ParsePower(t), (n, v) => n.Power = (PowerState)v!, n => ModeNames.ToWire(n.Power));

        /// <summary>Every field, in the order of the default protocol's status.</summary>
        public static IReadOnlyList<StatusField> All { get; } = new[]
        {
            Hostname, Product, Build, Mode, ClusterId, VirtualIp, Scanning, NetworkState, Address,
            Helo, ConfigRevision, Sync, VrrpActive, MailQueue, Power,
        };

        public static IReadOnlyList<string> Keys { get; } = All.Select(f => f.Key).ToArray();

        public static StatusField? Find(string key) => All.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal));

        private static StatusField TextField(string key, string property, bool required, string path, Action<GatewayNode, string> assign, Func<GatewayNode, string> write) =>
            new StatusField(key, property, required, path, required ? null : string.Empty, t => t, (n, v) => assign(n, (string)v!), write);

        private static StatusField AddressField(string key, string property, string path, Action<GatewayNode, string?> assign, Func<GatewayNode, string?> write) =>
            new StatusField(key, property, false, path, null, t => t.Length == 0 ? null : t, (n, v) => assign(n, (string?)v), n => write(n) ?? string.Empty);

        private static StatusField FlagField(string key, string property, string path, Action<GatewayNode, bool> assign, Func<GatewayNode, bool> write) =>
            new StatusField(key, property, false, path, false, ParseFlag, (n, v) => assign(n, (bool)v!), n => write(n) ? "true" : "false");

        private static StatusField CountField(string key, string property, string path, Action<GatewayNode, int> assign, Func<GatewayNode, int> write) =>
            new StatusField(key, property, false, path, 0, ParseCount, (n, v) => assign(n, (int)v!), n => write(n).ToString(CultureInfo.InvariantCulture));

        private static object ParseFlag(string text) => text.Length == 0 ? false : ParseBoolean(text);

        /// <summary>true, yes, on or false, no, off, without case.</summary>
        internal static bool ParseBoolean(string text) => text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw new FormatException($"'{text}' is not true or false."),
        };

        private static object ParseCount(string text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new FormatException($"'{text}' is not a whole number.");
    }
}
