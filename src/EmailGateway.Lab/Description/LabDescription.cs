using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Yaml;
using YamlDotNet.RepresentationModel;

namespace EmailGateway.Lab.Description
{
    /// <summary>
    /// Reads a lab described in YAML:
    /// <code>
    /// settings: { name: demo, virtualIp: 192.0.2.10, mailPerSecond: 1,
    ///             timings: { update: 20m, restart: 5m, vrrpTakeover: 3s, configPush: 60s, queueHold: 5s } }
    /// nodes:
    ///   - { name: meg1, hostname: meg1.example.com, product: MEG, build: 7.6.4 P3, mode: master, clusterId: 12,
    ///       virtualIp: 192.0.2.10, address: 192.0.2.11, helo: mail.example.com, sync: source, network: online, revision: 42 }
    /// </code>
    /// Only <c>name</c>, <c>build</c> and <c>mode</c> are required. Every error names the line and the field.
    /// </summary>
    public static class LabDescription
    {
        private static readonly Regex NodeName = new Regex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", RegexOptions.CultureInvariant);
        private static readonly string[] TopKeys = { "settings", "nodes" };
        private static readonly string[] SettingKeys = { "name", "start", "virtualIp", "mailPerSecond", "timings" };
        private static readonly string[] TimingKeys = { "update", "restart", "vrrpTakeover", "configPush", "queueHold" };
        private static readonly string[] NodeKeys =
            { "name", "hostname", "product", "build", "mode", "clusterId", "virtualIp", "scanning", "address", "helo", "sync", "network", "revision", "queue" };

        public static LabWorld Load(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The lab description '{path}' does not exist.", path);
            return Parse(File.ReadAllText(path), path);
        }

        public static LabWorld Parse(string yaml, string source = "lab description")
        {
            var root = ReadRoot(yaml, source);
            var reader = new Reader(source);
            reader.OnlyKeys(root, TopKeys, string.Empty);

            var settings = new LabSettings();
            if (reader.Child(root, "settings") is { } settingsNode) ReadSettings(reader, reader.Mapping(settingsNode, "settings"), settings);

            var nodesNode = reader.Child(root, "nodes") ?? throw new LabDescriptionException(source, root.Start.Line, "nodes", "the lab has no 'nodes' list");
            if (nodesNode is not YamlSequenceNode list || list.Children.Count == 0)
                throw new LabDescriptionException(source, nodesNode.Start.Line, "nodes", "expected a list of one or more nodes");

            var nodes = new List<LabNode>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < list.Children.Count; i++)
            {
                var node = ReadNode(reader, reader.Mapping(list.Children[i], $"nodes[{i}]"), $"nodes[{i}]", settings);
                if (!names.Add(node.Name))
                    throw new LabDescriptionException(source, list.Children[i].Start.Line, $"nodes[{i}].name", $"a second node is named '{node.Name}'");
                nodes.Add(node);
            }

            try
            {
                return LabWorld.Start(settings, nodes);
            }
            catch (ArgumentException ex)
            {
                throw new LabDescriptionException(source, root.Start.Line, "settings", ex.Message, ex);
            }
        }

        private static YamlMappingNode ReadRoot(string yaml, string source) =>
            YamlRoot.Load(yaml, "the description is empty", "a mapping with 'settings' and 'nodes'",
                (line, problem, cause) => new LabDescriptionException(source, line, string.Empty, problem, cause));

        private static void ReadSettings(Reader reader, YamlMappingNode map, LabSettings settings)
        {
            reader.OnlyKeys(map, SettingKeys, "settings");
            if (reader.Text(map, "name", "settings") is { } name) settings.Name = name.Value!;
            if (reader.Text(map, "start", "settings") is { } start)
                settings.Start = reader.Convert(start, "settings.start", t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), "is not a date and time (for example 2026-01-05T08:00:00Z)");
            if (reader.Text(map, "virtualIp", "settings") is { } vip)
                settings.VirtualIp = vip.Value!.Length == 0 ? null : reader.Convert(vip, "settings.virtualIp", IpText, "is not an IP address");
            if (reader.Text(map, "mailPerSecond", "settings") is { } rate)
            {
                settings.MailPerSecond = reader.Convert(rate, "settings.mailPerSecond", t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture), "is not a number");
                if (settings.MailPerSecond < 0 || settings.MailPerSecond > 10000 || double.IsNaN(settings.MailPerSecond))
                    reader.Fail(rate, "settings.mailPerSecond", "must be 0-10000 messages per second");
            }
            if (reader.Child(map, "timings") is { } timingsNode)
            {
                var timings = reader.Mapping(timingsNode, "settings.timings");
                reader.OnlyKeys(timings, TimingKeys, "settings.timings");
                settings.Timings.Update = Duration(reader, timings, "update", settings.Timings.Update, allowZero: false);
                settings.Timings.Restart = Duration(reader, timings, "restart", settings.Timings.Restart, allowZero: false);
                settings.Timings.VrrpTakeover = Duration(reader, timings, "vrrpTakeover", settings.Timings.VrrpTakeover, allowZero: true);
                settings.Timings.ConfigPushInterval = Duration(reader, timings, "configPush", settings.Timings.ConfigPushInterval, allowZero: false);
                settings.Timings.QueueHold = Duration(reader, timings, "queueHold", settings.Timings.QueueHold, allowZero: true);
            }
        }

        private static TimeSpan Duration(Reader reader, YamlMappingNode map, string key, TimeSpan fallback, bool allowZero)
        {
            if (reader.Text(map, key, "settings.timings") is not { } text) return fallback;
            var field = "settings.timings." + key;
            var value = reader.Convert(text, field, DurationText.Parse, "is not a duration (for example 20m, 90s, 1h30m, 00:20:00)");
            if (!allowZero && value <= TimeSpan.Zero) reader.Fail(text, field, "must be longer than zero");
            return value;
        }

        private static LabNode ReadNode(Reader reader, YamlMappingNode map, string at, LabSettings settings)
        {
            reader.OnlyKeys(map, NodeKeys, at);
            var nameScalar = reader.Required(map, "name", at);
            if (!NodeName.IsMatch(nameScalar.Value)) reader.Fail(nameScalar, at + ".name", $"'{nameScalar.Value}' is not a node name (letters, digits, '.', '_', '-')");
            var node = new LabNode(nameScalar.Value!);
            var field = at + $" ({node.Name})";

            node.Hostname = reader.Text(map, "hostname", at)?.Value ?? node.Name;
            node.Product = reader.Text(map, "product", at)?.Value ?? "MEG";
            var build = reader.Required(map, "build", at);
            node.Build = reader.Convert(build, field + ".build", GatewayBuild.Parse, "is not a build ('<version> [P<patch>] [HF<id>,...]', for example 7.6.4 P3)");
            var mode = reader.Required(map, "mode", at);
            node.Mode = reader.Convert(mode, field + ".mode", ModeNames.ParseMode, "is not a cluster mode (standalone, master, failover, scanner)");
            if (reader.Text(map, "clusterId", at) is { } id) node.ClusterId = reader.Convert(id, field + ".clusterId", ClusterId.Parse, "is not a cluster identifier (0-255)");
            if (reader.Text(map, "virtualIp", at) is { } vip) node.VirtualIp = vip.Value!.Length == 0 ? null : reader.Convert(vip, field + ".virtualIp", IpText, "is not an IP address");
            else if (node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Failover) node.VirtualIp = settings.VirtualIp;
            if ((node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Failover) && node.VirtualIp is null)
                reader.Fail(mode, field + ".virtualIp", $"a {ModeNames.ToWire(node.Mode)} needs a virtual IP (here or in settings.virtualIp)");
            if (reader.Text(map, "scanning", at) is { } scanning) node.Scanning = reader.Convert(scanning, field + ".scanning", Bool, "is not true or false");
            if (reader.Text(map, "address", at) is { } address) node.Address = address.Value!.Length == 0 ? null : reader.Convert(address, field + ".address", IpText, "is not an IP address");
            node.ConfiguredHelo = reader.Text(map, "helo", at)?.Value ?? node.Hostname;
            if (node.ConfiguredHelo.Length == 0) reader.Fail(map, field + ".helo", "the greeting cannot be empty");
            if (reader.Text(map, "network", at) is { } network) node.Network = reader.Convert(network, field + ".network", ModeNames.ParseNetwork, "is not a network state (online, offline)");
            if (reader.Text(map, "revision", at) is { } revision)
            {
                node.Revision = reader.Convert(revision, field + ".revision", t => int.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture), "is not a whole number 0 or more");
            }
            else node.Revision = 1;

            var isSource = node.Mode == ClusterMode.Master || node.Mode == ClusterMode.Standalone;
            if (reader.Text(map, "sync", at) is { } sync)
            {
                node.Sync = reader.Convert(sync, field + ".sync", ModeNames.ParseSync, "is not a sync state (in-sync, stale, corrupt, source)");
                if (isSource != (node.Sync == SyncState.Source))
                    reader.Fail(sync, field + ".sync", isSource ? $"a {ModeNames.ToWire(node.Mode)} is its own configuration source: use 'source'" : "only a master or a standalone node is 'source'");
            }
            else node.Sync = isSource ? SyncState.Source : SyncState.InSync;
            if (node.Sync == SyncState.Corrupt) node.ConfiguredHelo = EmailGateway.Smtp.HeloName.FactoryDefault;

            if (reader.Text(map, "queue", at) is { } queue)
            {
                var count = reader.Convert(queue, field + ".queue", t => int.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture), "is not a whole number 0 or more");
                if (count > 1_000_000) reader.Fail(queue, field + ".queue", "is larger than 1000000");
                for (var i = 0; i < count; i++) node.Queue.Add(TimeSpan.Zero);
            }
            return node;
        }

        internal static string IpText(string text)
        {
            if (!IPAddress.TryParse(text, out var address) || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
                throw new FormatException();
            return address.ToString();
        }

        private static bool Bool(string text) => text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw new FormatException(),
        };

        /// <summary>Reads scalars out of mappings and turns every problem into an exception naming line and field.</summary>
        private sealed class Reader
        {
            private readonly string _source;

            public Reader(string source) => _source = source;

            public YamlNode? Child(YamlMappingNode map, string key)
            {
                foreach (var entry in map.Children)
                    if (entry.Key is YamlScalarNode k && k.Value == key) return entry.Value;
                return null;
            }

            public YamlMappingNode Mapping(YamlNode node, string field) =>
                node as YamlMappingNode ?? throw new LabDescriptionException(_source, node.Start.Line, field, "expected a mapping of keys and values");

            public YamlScalarNode? Text(YamlMappingNode map, string key, string at)
            {
                var child = Child(map, key);
                if (child is null) return null;
                if (child is not YamlScalarNode scalar || scalar.Value is null)
                    throw new LabDescriptionException(_source, child.Start.Line, Join(at, key), "expected a single value");
                return scalar;
            }

            public YamlScalarNode Required(YamlMappingNode map, string key, string at) =>
                Text(map, key, at) is { } scalar && scalar.Value!.Trim().Length > 0
                    ? scalar
                    : throw new LabDescriptionException(_source, map.Start.Line, Join(at, key), "is required");

            public void OnlyKeys(YamlMappingNode map, string[] allowed, string at)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in map.Children)
                {
                    var key = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                    if (!allowed.Contains(key, StringComparer.Ordinal))
                        throw new LabDescriptionException(_source, entry.Key.Start.Line, Join(at, key), $"unknown key; expected one of {string.Join(", ", allowed)}");
                    if (!seen.Add(key))
                        throw new LabDescriptionException(_source, entry.Key.Start.Line, Join(at, key), "appears twice");
                }
            }

            public T Convert<T>(YamlScalarNode scalar, string field, Func<string, T> parse, string problem)
            {
                try
                {
                    return parse(scalar.Value!.Trim());
                }
                catch (Exception ex) when (ex is FormatException || ex is OverflowException || ex is ArgumentException)
                {
                    throw new LabDescriptionException(_source, scalar.Start.Line, field, $"'{scalar.Value}' {problem}", ex);
                }
            }

            public void Fail(YamlNode node, string field, string problem) =>
                throw new LabDescriptionException(_source, node.Start.Line, field, problem);

            private static string Join(string at, string key) => at.Length == 0 ? key : at + "." + key;
        }
    }
}
