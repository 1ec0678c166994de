using System.Reflection;
using EmailGateway.Smtp.Spf;
using EmailGateway.Smtp.Tests.Fakes;
using YamlDotNet.RepresentationModel;

namespace EmailGateway.Smtp.Tests.Spf.Conformance;

/// <summary>
/// Reads conformance cases. Our own file (embedded, <see cref="OwnResource"/>) has one YAML document per section with
/// <c>title</c>, <c>zone</c> and <c>cases</c>. The public OpenSPF suite file (given by path, never copied into the
/// repository) has <c>description</c>, <c>zonedata</c> and <c>tests</c>; its SPF-type records also appear as TXT
/// unless the name lists TXT records itself, as that suite's drivers do.
/// </summary>
public static class ConformanceFile
{
    public const string OwnResource = "EmailGateway.Smtp.Tests.Spf.Conformance.rfc7208-conformance.yml";

    public static IReadOnlyList<ConformanceSection> Own()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(OwnResource)
            ?? throw new InvalidOperationException($"the resource {OwnResource} is missing");
        return Load(new StreamReader(stream));
    }

    public static IReadOnlyList<ConformanceSection> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Load(reader);
    }

    public static IReadOnlyList<ConformanceSection> Load(TextReader reader)
    {
        var yaml = new YamlStream();
        yaml.Load(reader);
        return yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).Select(root =>
            root.Children.ContainsKey(new YamlScalarNode("zonedata")) ? PublicSection(root) : OwnSection(root)).ToList();
    }

    private static ConformanceSection OwnSection(YamlMappingNode root)
    {
        var section = new ConformanceSection(Scalar(root, "title")!, new FakeZone());
        foreach (var (name, entries) in Mapping(root, "zone"))
        {
            section.Zone.Empty(name);
            foreach (var entry in ((YamlSequenceNode)entries).Children)
            {
                if (entry is YamlScalarNode marker) { Mark(section.Zone, name, marker.Value!); continue; }
                var (type, value) = Single((YamlMappingNode)entry);
                section.Zone.Add(name, Record(type, value));
            }
        }
        foreach (var (id, node) in Mapping(root, "cases"))
        {
            var fields = (YamlMappingNode)node;
            section.Cases.Add(new ConformanceCase(section, id, Scalar(fields, "covers") ?? string.Empty, Scalar(fields, "rfc") ?? string.Empty,
                Scalar(fields, "about") ?? string.Empty, Scalar(fields, "helo") ?? string.Empty, Scalar(fields, "client")!, Scalar(fields, "mail-from") ?? string.Empty,
                Results(fields.Children[new YamlScalarNode("expect")]), fields.Children.ContainsKey(new YamlScalarNode("explanation")), NullableScalar(fields, "explanation")));
        }
        return section;
    }

    private static ConformanceSection PublicSection(YamlMappingNode root)
    {
        var section = new ConformanceSection(Scalar(root, "description")!, new FakeZone());
        foreach (var (name, entries) in Mapping(root, "zonedata"))
        {
            section.Zone.Empty(name);
            var spf = new List<ZoneRecord>();
            var listsTxt = false;
            foreach (var entry in ((YamlSequenceNode)entries).Children)
            {
                if (entry is YamlScalarNode marker) { Mark(section.Zone, name, marker.Value!); continue; }
                var (type, value) = Single((YamlMappingNode)entry);
                if (type.Equals("TXT", StringComparison.OrdinalIgnoreCase)) listsTxt = true;
                if (value is YamlScalarNode { Value: "NONE" }) continue;
                var record = Record(type, value);
                section.Zone.Add(name, record);
                if (record.Type == ZoneRecordType.Spf) spf.Add(record);
            }
            if (!listsTxt) foreach (var record in spf) section.Zone.Add(name, record with { Type = ZoneRecordType.Txt });
        }
        foreach (var (id, node) in Mapping(root, "tests"))
        {
            var fields = (YamlMappingNode)node;
            var explanation = Scalar(fields, "explanation");
            section.Cases.Add(new ConformanceCase(section, id, id, Scalar(fields, "spec") ?? string.Empty, Scalar(fields, "description") ?? string.Empty,
                Scalar(fields, "helo") ?? string.Empty, Scalar(fields, "host")!, Scalar(fields, "mailfrom") ?? string.Empty,
                Results(fields.Children[new YamlScalarNode("result")]), explanation != null, explanation == "DEFAULT" ? null : explanation));
        }
        return section;
    }

    private static void Mark(FakeZone zone, string name, string marker)
    {
        switch (marker.ToLowerInvariant())
        {
            case "timeout": zone.Unanswered(name); break;
            case "servfail": zone.Failing(name); break;
            default: throw new FormatException($"'{marker}' at {name} is not a zone marker (timeout or servfail)");
        }
    }

    private static ZoneRecord Record(string type, YamlNode value)
    {
        var items = value is YamlSequenceNode list ? list.Children.Select(c => ((YamlScalarNode)c).Value ?? string.Empty).ToArray() : new[] { ((YamlScalarNode)value).Value ?? string.Empty };
        return type.ToUpperInvariant() switch
        {
            "A" => ZoneRecord.Address(ZoneRecordType.A, items[0]),
            "AAAA" => ZoneRecord.Address(ZoneRecordType.Aaaa, items[0]),
            "PTR" => ZoneRecord.Name(ZoneRecordType.Ptr, items[0]),
            "CNAME" => ZoneRecord.Name(ZoneRecordType.Cname, items[0]),
            "MX" => ZoneRecord.MailExchanger(int.Parse(items[0], System.Globalization.CultureInfo.InvariantCulture), items[1]),
            "TXT" => ZoneRecord.Text(ZoneRecordType.Txt, items),
            "SPF" => ZoneRecord.Text(ZoneRecordType.Spf, items),
            _ => throw new FormatException($"'{type}' is not a record type this zone knows"),
        };
    }

    private static IReadOnlyList<SpfResult> Results(YamlNode node) =>
        (node is YamlSequenceNode list ? list.Children.Select(c => ((YamlScalarNode)c).Value!) : new[] { ((YamlScalarNode)node).Value! })
            .Select(r => Enum.Parse<SpfResult>(r, ignoreCase: true)).ToList();

    private static IEnumerable<(string Key, YamlNode Value)> Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlMappingNode map
            ? map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value))
            : Enumerable.Empty<(string, YamlNode)>();

    private static (string Type, YamlNode Value) Single(YamlMappingNode entry) => (((YamlScalarNode)entry.Children.Single().Key).Value!, entry.Children.Single().Value);

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>A scalar where YAML's null (<c>~</c> or <c>null</c>) means "none", not the text "null".</summary>
    private static string? NullableScalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar
            && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Value is "~" or "null" or "" or null)) ? scalar.Value : null;
}
