using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using EmailGateway.Lab.Fleet;
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
    /// Only <c>name</c>, <c>build</c> and <c>mode</c> are required. Instead of <c>nodes</c>, a lab of several
    /// network segments (sites) lists <c>segments</c>, each with a <c>name</c>, its own <c>virtualIp</c> (default:
    /// the settings') and <c>mailPerSecond</c>, and its <c>nodes</c>; node names are unique across the lab.
    /// Every error names the line and the field.
    /// </summary>
    public static class LabDescription
    {
        private static readonly NameRule NodeName = new NameRule("node", "._-", "letters, digits, '.', '_', '-'", 63);
        private static readonly string[] TopKeys = { "settings", "nodes", "segments" };
        private static readonly string[] SegmentKeys = { "name", "virtualIp", "mailPerSecond", "nodes" };
        private static readonly string[] SettingKeys = { "name", "start", "virtualIp", "mailPerSecond", "timings" };
        private static readonly string[] TimingKeys = { "update", "restart", "vrrpTakeover", "configPush", "queueHold" };
        private static readonly string[] NodeKeys =
            { "name", "hostname", "product", "build", "mode", "clusterId", "virtualIp", "scanning", "address", "helo", "sync", "network", "revision", "queue" };

        public static LabWorld Load(string path) => Single(LoadFleet(path), path);

        public static LabWorld Parse(string yaml, string source = "lab description") => Single(ParseFleet(yaml, source), source);

        public static LabFleet LoadFleet(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The lab description '{path}' does not exist.", path);
            return ParseFleet(File.ReadAllText(path), path);
        }

        /// <summary>A lab of one segment (a <c>nodes</c> list) or of several (a <c>segments</c> list, each with its own nodes).</summary>
        public static LabFleet ParseFleet(string yaml, string source = "lab description")
        {
            var root = ReadRoot(yaml, source);
            var reader = new YamlFieldReader((line, field, problem, cause) => new LabDescriptionException(source, line, field, problem, cause));
            reader.OnlyKeys(root, TopKeys, string.Empty);

            var settings = new LabSettings();
            if (reader.Child(root, "settings") is { } settingsNode) ReadSettings(reader, reader.Mapping(settingsNode, "settings"), settings);

            var nodesNode = reader.Child(root, "nodes");
            var segmentsNode = reader.Child(root, "segments");
            if (nodesNode != null && segmentsNode != null)
                throw new LabDescriptionException(source, segmentsNode.Start.Line, "segments", "give either 'nodes' (a lab of one segment) or 'segments' (each with its own nodes), not both");
            if (nodesNode is null && segmentsNode is null)
                throw new LabDescriptionException(source, root.Start.Line, "nodes", "the lab has no 'nodes' list (or 'segments' list)");

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var worlds = new List<LabWorld>();
            if (nodesNode != null) worlds.Add(Start(source, root, settings, ReadNodes(reader, nodesNode, "nodes", settings, names)));
            else
            {
                if (segmentsNode is not YamlSequenceNode segments || segments.Children.Count == 0)
                    throw new LabDescriptionException(source, segmentsNode!.Start.Line, "segments", "expected a list of one or more segments");
                var segmentNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < segments.Children.Count; i++)
                {
                    var at = $"segments[{i}]";
                    var map = reader.Mapping(segments.Children[i], at);
                    reader.OnlyKeys(map, SegmentKeys, at);
                    var name = reader.Required(map, "name", at);
                    if (SegmentName.Problem(name.Value) is { } problem) throw reader.Fail(name, at + ".name", problem);
                    if (!segmentNames.Add(name.Value!.Trim())) throw reader.Fail(name, at + ".name", $"a second segment is named '{name.Value}'");
                    var segment = settings.Clone();
                    segment.Segment = name.Value!.Trim();
                    if (reader.Text(map, "virtualIp", at) is { } vip)
                        segment.VirtualIp = vip.Value!.Length == 0 ? null : reader.Convert(vip, at + ".virtualIp", IpText, "is not an IP address");
                    if (reader.Text(map, "mailPerSecond", at) is { } rate) segment.MailPerSecond = MailRate(reader, rate, at + ".mailPerSecond");
                    var nodes = reader.Child(map, "nodes") ?? throw reader.Fail(map, at + ".nodes", "the segment has no 'nodes' list");
                    worlds.Add(Start(source, map, segment, ReadNodes(reader, nodes, at + ".nodes", segment, names)));
                }
            }
            return new LabFleet(worlds);
        }

        private static LabWorld Single(LabFleet fleet, string source) =>
            fleet.Segments.Count == 1
                ? fleet.Segments[0]
                : throw new LabDescriptionException(source, 1, "segments", $"the description declares {fleet.Segments.Count} segments; read it as a lab of several segments (LabFleet)");

        private static List<LabNode> ReadNodes(YamlFieldReader reader, YamlNode nodesNode, string at, LabSettings settings, HashSet<string> names)
        {
            if (nodesNode is not YamlSequenceNode list || list.Children.Count == 0)
                throw reader.Fail(nodesNode, at, "expected a list of one or more nodes");
            var nodes = new List<LabNode>();
            for (var i = 0; i < list.Children.Count; i++)
            {
                var node = ReadNode(reader, reader.Mapping(list.Children[i], $"{at}[{i}]"), $"{at}[{i}]", settings);
                if (!names.Add(node.Name))
                    throw reader.Fail(list.Children[i], $"{at}[{i}].name", $"a second node is named '{node.Name}'");
                nodes.Add(node);
            }
            return nodes;
        }

        private static LabWorld Start(string source, YamlNode at, LabSettings settings, List<LabNode> nodes)
        {
            try
            {
                return LabWorld.Start(settings, nodes);
            }
            catch (ArgumentException ex)
            {
                throw new LabDescriptionException(source, at.Start.Line, "settings", ex.Message, ex);
            }
        }

        private static double MailRate(YamlFieldReader reader, YamlScalarNode rate, string field)
        {
            var value = reader.Convert(rate, field, t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture), "is not a number");
            if (value < 0 || value > 10000 || double.IsNaN(value)) throw reader.Fail(rate, field, "must be 0-10000 messages per second");
            return value;
        }

        private static YamlMappingNode ReadRoot(string yaml, string source) =>
            YamlRoot.Load(yaml, "the description is empty", "a mapping with 'settings' and 'nodes'",
                (line, problem, cause) => new LabDescriptionException(source, line, string.Empty, problem, cause));

        private static void ReadSettings(YamlFieldReader reader, YamlMappingNode map, LabSettings settings)
        {
            reader.OnlyKeys(map, SettingKeys, "settings");
            if (reader.Text(map, "name", "settings") is { } name) settings.Name = name.Value!;
            if (reader.Text(map, "start", "settings") is { } start)
                settings.Start = reader.Convert(start, "settings.start", t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), "is not a date and time (for example 2026-01-05T08:00:00Z)");
            if (reader.Text(map, "virtualIp", "settings") is { } vip)
                settings.VirtualIp = vip.Value!.Length == 0 ? null : reader.Convert(vip, "settings.virtualIp", IpText, "is not an IP address");
            if (reader.Text(map, "mailPerSecond", "settings") is { } rate) settings.MailPerSecond = MailRate(reader, rate, "settings.mailPerSecond");
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

        private static TimeSpan Duration(YamlFieldReader reader, YamlMappingNode map, string key, TimeSpan fallback, bool allowZero)
        {
            if (reader.Text(map, key, "settings.timings") is not { } text) return fallback;
            var field = "settings.timings." + key;
            var value = reader.Convert(text, field, DurationText.Parse, "is not a duration (for example 20m, 90s, 1h30m, 00:20:00)");
            if (!allowZero && value <= TimeSpan.Zero) throw reader.Fail(text, field, "must be longer than zero");
            return value;
        }

        private static LabNode ReadNode(YamlFieldReader reader, YamlMappingNode map, string at, LabSettings settings)
        {
            reader.OnlyKeys(map, NodeKeys, at);
            var nameScalar = reader.Required(map, "name", at);
            if (NodeName.Problem(nameScalar.Value ?? string.Empty) is { } problem) throw reader.Fail(nameScalar, at + ".name", problem);
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
                throw reader.Fail(mode, field + ".virtualIp", $"a {ModeNames.ToWire(node.Mode)} needs a virtual IP (here or in settings.virtualIp)");
            if (reader.Text(map, "scanning", at) is { } scanning) node.Scanning = reader.Convert(scanning, field + ".scanning", Bool, "is not true or false");
            if (reader.Text(map, "address", at) is { } address) node.Address = address.Value!.Length == 0 ? null : reader.Convert(address, field + ".address", IpText, "is not an IP address");
            node.ConfiguredHelo = reader.Text(map, "helo", at)?.Value ?? node.Hostname;
            if (node.ConfiguredHelo.Length == 0) throw reader.Fail(map, field + ".helo", "the greeting cannot be empty");
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
                    throw reader.Fail(sync, field + ".sync", isSource ? $"a {ModeNames.ToWire(node.Mode)} is its own configuration source: use 'source'" : "only a master or a standalone node is 'source'");
            }
            else node.Sync = isSource ? SyncState.Source : SyncState.InSync;
            if (node.Sync == SyncState.Corrupt) node.ConfiguredHelo = EmailGateway.Smtp.HeloName.FactoryDefault;

            if (reader.Text(map, "queue", at) is { } queue)
            {
                var count = reader.Convert(queue, field + ".queue", t => int.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture), "is not a whole number 0 or more");
                if (count > 1_000_000) throw reader.Fail(queue, field + ".queue", "is larger than 1000000");
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
    }
}
