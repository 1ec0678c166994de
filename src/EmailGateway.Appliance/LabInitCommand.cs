using System.Globalization;
using System.Text;
using EmailGateway.Appliance.Dialects;
using EmailGateway.Lab.World;

namespace EmailGateway.Appliance;

/// <summary>
/// <c>init</c>: writes a lab state file for appliances served over sshd: the lab (a preset, a description
/// file, or a generated fleet), which server address is which node, the real-time scale, the upload root,
/// and per-node dialects (the built-in text CLI, or a device profile) or shell-only CLIs.
/// </summary>
internal static class LabInitCommand
{
    public const string Usage = """
        EmailGateway.Appliance init --state <file> (--preset Healthy|KB80406 | --description <lab.yaml> | --fleet <N> [--fleet-start <n>])
                                    (--address <ip>=<node> ... | --first-address <ip>)
                                    [--time-scale <lab seconds per real second>] [--upload-root <folder>]
                                    [--dialect <node>=text|<device-profile.yaml>] [--shell-only <node>]
          --fleet-start <n>       the fleet's first node is meg<n> (default 1), so labs served apart keep names and cluster ids apart
          --dialect <node>=text   the built-in text CLI: banner, 'node# ' prompt, Key : value status, --More-- pager
          --dialect <node>=<file> a device profile in YAML format: its commands and status keys
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        string? state = null, preset = null, description = null, uploadRoot = null, firstAddress = null;
        int fleet = 0, fleetStart = 1;
        double scale = 1;
        var addresses = new List<(string Address, string Node)>();
        var dialects = new List<(string Node, string Path)>();
        var shellOnly = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--state": state = Next(); break;
                case "--preset": preset = Next(); break;
                case "--description": description = Next(); break;
                case "--fleet": fleet = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--fleet-start": fleetStart = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--time-scale": scale = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--upload-root": uploadRoot = Next(); break;
                case "--first-address": firstAddress = Next(); break;
                case "--address": addresses.Add(Pair(Next())); break;
                case "--dialect": dialects.Add(Pair(Next())); break;
                case "--shell-only": shellOnly.Add(Next()); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}");
            }
        }
        if (state is null) throw new ArgumentException("--state is required.\n" + Usage);
        if (scale <= 0) throw new ArgumentException("--time-scale must be positive.");
        if (fleetStart < 1 || (fleetStart - 1) % 4 != 0) throw new ArgumentException("--fleet-start must be 1, 5, 9, ...: the fleet is made of whole clusters of four.");

        var world = preset != null ? LabWorld.FromPreset(preset)
            : description != null ? LabWorld.FromYamlFile(description)
            : fleet > 0 ? LabWorld.FromYaml(FleetYaml(fleet, fleetStart), $"fleet of {fleet}")
            : throw new ArgumentException("Give --preset, --description or --fleet.\n" + Usage);

        if (firstAddress != null)
        {
            // Consecutive IPv4 addresses, carrying into the next octet (256 appliances span two /24s).
            var first = firstAddress.Split('.').Select(o => uint.Parse(o, CultureInfo.InvariantCulture)).Aggregate(0u, (value, octet) => value << 8 | octet);
            var index = 0u;
            foreach (var node in world.NodeNames)
            {
                var address = first + index++;
                addresses.Add(($"{address >> 24}.{address >> 16 & 255}.{address >> 8 & 255}.{address & 255}", node));
            }
        }
        if (addresses.Count == 0) throw new ArgumentException("Map server addresses to nodes with --address or --first-address.");
        foreach (var (address, node) in addresses)
        {
            if (!world.HasNode(node)) throw new ArgumentException($"The lab has no node '{node}' (nodes: {string.Join(", ", world.NodeNames)}).");
            world.SetAnnotation(ApplianceAnnotations.AddressPrefix + address, node);
        }
        foreach (var (node, dialect) in dialects)
        {
            if (!world.HasNode(node)) throw new ArgumentException($"--dialect: the lab has no node '{node}'.");
            var selected = dialect == Dialect.TextName ? dialect : Path.GetFullPath(dialect);
            if (selected != Dialect.TextName) ProfileDialect.Load(selected); // refuse a bad profile now, not at the first command
            world.SetAnnotation(ApplianceAnnotations.DialectPrefix + node, selected);
        }
        foreach (var node in shellOnly) world.SetAnnotation(ApplianceAnnotations.ShellOnlyPrefix + node, "true");

        var statePath = Path.GetFullPath(state);
        world.UploadRoot = Path.GetFullPath(uploadRoot ?? Path.Combine(Path.GetDirectoryName(statePath)!, "uploads"));
        foreach (var node in world.NodeNames) Directory.CreateDirectory(Path.GetDirectoryName(world.UploadFilePath(node, "/var/tmp/updates/x"))!);
        world.SetAnnotation(ApplianceAnnotations.RealAnchor, DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        world.SetAnnotation(ApplianceAnnotations.LabAnchor, world.Now.ToString("o", CultureInfo.InvariantCulture));
        world.SetAnnotation(ApplianceAnnotations.TimeScale, scale.ToString("R", CultureInfo.InvariantCulture));
        world.Save(statePath);
        Console.WriteLine($"{statePath}: {world.NodeNames.Count} node(s), time x{scale}, uploads in {world.UploadRoot}");
        return 0;
    }

    /// <summary>N appliances from meg<paramref name="start"/> as clusters of four (master, failover, two scanners), each cluster with its own id.</summary>
    private static string FleetYaml(int count, int start)
    {
        var text = new StringBuilder("settings:\n  name: fleet\n  virtualIp: 192.0.2.10\nnodes:\n");
        for (var i = start - 1; i < start - 1 + count; i++)
        {
            var cluster = i / 4 + 1;
            var mode = (i % 4) switch { 0 => "master", 1 => "failover", _ => "scanner" };
            var vip = i % 4 < 2 ? $", virtualIp: 198.18.{cluster}.10" : string.Empty;
            var sync = i % 4 == 0 ? "source" : "in-sync";
            text.Append(CultureInfo.InvariantCulture, $"  - {{ name: meg{i + 1}, hostname: meg{i + 1}.example.com, product: MEG, build: 7.6.4 P3, mode: {mode}, clusterId: {cluster}{vip}, address: 198.18.{cluster}.{i % 4 + 11}, helo: mail{cluster}.example.com, sync: {sync}, network: online, revision: 42 }}\n");
        }
        return text.ToString();
    }

    private static (string, string) Pair(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1) throw new ArgumentException($"'{text}' is not <key>=<value>.");
        return (text[..equals], text[(equals + 1)..]);
    }
}
