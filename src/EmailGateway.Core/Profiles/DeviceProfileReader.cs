using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EmailGateway.Profiles.Status;
using EmailGateway.Protocol;
using EmailGateway.Transport;
using EmailGateway.Yaml;
using YamlDotNet.RepresentationModel;

namespace EmailGateway.Profiles
{
    /// <summary>
    /// Reads a device profile's YAML key by key. Every problem (an unknown key, a command without its
    /// placeholder, a pattern that is not a regular expression, a required status field with no location)
    /// is a DeviceProfileException naming the file, line and key.
    /// </summary>
    internal static class DeviceProfileReader
    {
        private static readonly string[] TopKeys = { "name", "channel", "prompt", "pager", "uploadDirectory", "commands", "errors", "status" };
        private static readonly string[] PagerKeys = { "prompt", "send" };
        private static readonly string[] ErrorKeys = { "exitStatus", "pattern", "codes" };
        private static readonly string[] LayoutKeys = { "format", "section", "separator", "patterns", "values" };
        private static readonly Regex CodeName = new Regex(@"^[a-z][a-z0-9-]*\z", RegexOptions.CultureInvariant);

        public static DeviceProfile Read(string yaml, string source)
        {
            var reader = new YamlFieldReader((line, key, problem, cause) => new DeviceProfileException(source, line, key, problem, cause));
            var root = YamlRoot.Load(yaml, "the profile is empty", "a mapping of keys (name, channel, commands, errors, status, ...)",
                (line, problem, cause) => new DeviceProfileException(source, line, string.Empty, problem, cause));
            reader.OnlyKeys(root, TopKeys, string.Empty);

            var name = Setting(reader, root, "name") is { } named ? named.Value!.Trim() : NameFrom(source);
            var channelNode = Setting(reader, root, "channel");
            var channel = channelNode?.Value!.Trim().ToLowerInvariant() ?? "exec";
            if (channel != "exec" && channel != "shell")
                throw reader.Fail(channelNode!, "channel", $"'{channelNode!.Value}' is not a channel; use 'exec' or 'shell'");
            var promptNode = Setting(reader, root, "prompt");
            var prompt = promptNode?.Value ?? DeviceProfile.DefaultPrompt;
            if (prompt.Trim().Length == 0) throw reader.Fail(promptNode!, "prompt", "the shell channel needs the appliance's prompt as a regular expression");
            Compile(reader, (YamlNode?)promptNode ?? root, "prompt", prompt, RegexOptions.None);
            var pager = reader.Child(root, "pager") is { } pagerNode ? ReadPager(reader, reader.Mapping(pagerNode, "pager")) : null;
            var upload = ReadUploadDirectory(reader, root);
            var commands = ReadCommands(reader, root);
            var errors = ReadErrors(reader, root, channel == "shell");
            var status = reader.Child(root, "status") is { } statusNode ? ReadStatus(reader, reader.Mapping(statusNode, "status")) : StatusLayout.Yaml();
            return new DeviceProfile(name, channel, prompt, pager, upload, commands, errors, status, source);
        }

        private static string NameFrom(string source)
        {
            var name = Path.GetFileNameWithoutExtension(source);
            return string.IsNullOrWhiteSpace(name) ? source : name;
        }

        /// <summary>A scalar setting that, when present, must have a value (YAML's null is refused).</summary>
        private static YamlScalarNode? Setting(YamlFieldReader reader, YamlMappingNode map, string key, string at = "")
        {
            var scalar = reader.Text(map, key, at);
            if (scalar != null && YamlFieldReader.IsNull(scalar)) throw reader.Fail(scalar, YamlFieldReader.Join(at, key), "needs a value");
            return scalar;
        }

        private static Regex Compile(YamlFieldReader reader, YamlNode node, string key, string pattern, RegexOptions options)
        {
            try
            {
                return new Regex(pattern, options | RegexOptions.CultureInvariant, StatusLayout.MatchTimeout);
            }
            catch (ArgumentException ex)
            {
                throw reader.Fail(node, key, $"'{pattern}' is not a regular expression: {ex.Message}", ex);
            }
        }

        private static PagerSettings ReadPager(YamlFieldReader reader, YamlMappingNode map)
        {
            reader.OnlyKeys(map, PagerKeys, "pager");
            var prompt = Setting(reader, map, "prompt", "pager") ?? throw reader.Fail(map, "pager.prompt", "is required: the pager's prompt as a regular expression, such as '--More--'");
            if (prompt.Value!.Length == 0) throw reader.Fail(prompt, "pager.prompt", "needs a value");
            Compile(reader, prompt, "pager.prompt", prompt.Value, RegexOptions.None);
            var send = Setting(reader, map, "send", "pager");
            if (send != null && send.Value!.Length == 0) throw reader.Fail(send, "pager.send", "needs the text to type for the next page, such as ' '");
            return new PagerSettings(prompt.Value, send?.Value ?? " ");
        }

        private static string ReadUploadDirectory(YamlFieldReader reader, YamlMappingNode root)
        {
            var node = Setting(reader, root, "uploadDirectory");
            if (node is null) return DeviceProfile.DefaultUploadDirectory;
            var folder = node.Value!.Trim();
            if (!folder.EndsWith("/", StringComparison.Ordinal)) folder += "/";
            try
            {
                WireValue.RemotePath(folder + "package");
            }
            catch (ArgumentException)
            {
                throw reader.Fail(node, "uploadDirectory", $"'{node.Value}' is not a safe absolute folder (letters, digits, '.', '_', '-', '/', no '..')");
            }
            return folder;
        }

        private static CommandTemplates ReadCommands(YamlFieldReader reader, YamlMappingNode root)
        {
            var commands = new CommandTemplates();
            if (reader.Child(root, "commands") is not { } node) return commands;
            var map = reader.Mapping(node, "commands");
            reader.OnlyKeys(map, CommandTemplates.Table.Select(c => c.Key).ToArray(), "commands");
            foreach (var (key, slots, _, set) in CommandTemplates.Table)
            {
                if (reader.Text(map, key, "commands") is not { } text) continue;
                var template = YamlFieldReader.IsNull(text) ? string.Empty : text.Value!.Trim();
                if (CommandTemplates.Problem(template, slots) is { } problem) throw reader.Fail(text, "commands." + key, problem);
                set(commands, template);
            }
            return commands;
        }

        private static ErrorRules ReadErrors(YamlFieldReader reader, YamlMappingNode root, bool shell)
        {
            if (reader.Child(root, "errors") is not { } node) return ErrorRules.Default;
            var map = reader.Mapping(node, "errors");
            reader.OnlyKeys(map, ErrorKeys, "errors");
            var exitStatus = ErrorRules.Default.ExitStatus;
            if (Setting(reader, map, "exitStatus", "errors") is { } flag)
                exitStatus = reader.Convert(flag, "errors.exitStatus", StatusField.ParseBoolean, "is not true or false");
            var pattern = ErrorRules.Default.Pattern;
            var patternNode = reader.Text(map, "pattern", "errors");
            if (patternNode != null)
            {
                pattern = YamlFieldReader.IsNull(patternNode) || patternNode.Value!.Trim().Length == 0 ? null : Compile(reader, patternNode, "errors.pattern", patternNode.Value, RegexOptions.None);
                var unknown = pattern?.GetGroupNames().FirstOrDefault(g => !char.IsDigit(g[0]) && g != "code" && g != "message");
                if (unknown != null) throw reader.Fail(patternNode, "errors.pattern", $"the group '{unknown}' means nothing here; name groups 'code' and 'message', or leave them out");
            }
            var codes = new List<KeyValuePair<string, Regex>>();
            if (reader.Child(map, "codes") is { } codesNode)
            {
                foreach (var entry in reader.Mapping(codesNode, "errors.codes").Children)
                {
                    var code = ((YamlScalarNode)entry.Key).Value ?? string.Empty;
                    var at = "errors.codes." + code;
                    if (!CodeName.IsMatch(code)) throw reader.Fail(entry.Key, at, "an error code is lower-case letters, digits and '-', such as busy or checksum-mismatch");
                    var text = reader.Scalar(entry.Value, at);
                    if (YamlFieldReader.IsNull(text) || text.Value!.Length == 0) throw reader.Fail(text, at, "needs a regular expression matching the firmware's message");
                    codes.Add(new KeyValuePair<string, Regex>(code, Compile(reader, text, at, text.Value!, RegexOptions.IgnoreCase)));
                }
            }
            if (pattern is null && shell)
                throw reader.Fail(patternNode ?? (YamlNode)map, "errors.pattern", "a shell has no exit status, so the shell channel needs a pattern for error lines");
            if (pattern is null && !exitStatus)
                throw reader.Fail(map, "errors", "with exitStatus false and no pattern, no failure could ever be seen");
            return new ErrorRules(exitStatus, pattern, codes);
        }

        private static StatusLayout ReadStatus(YamlFieldReader reader, YamlMappingNode map)
        {
            reader.OnlyKeys(map, LayoutKeys.Concat(StatusField.Keys).ToArray(), "status");
            var formatNode = Setting(reader, map, "format", "status");
            var format = formatNode is null ? StatusFormat.Yaml : reader.Convert(formatNode, "status.format", ParseFormat, "is not a status format; use yaml, keyValue or regex");

            var separator = ":";
            Regex? section = null;
            var patterns = new List<Regex>();
            foreach (var key in new[] { "section", "separator" })
                if (format != StatusFormat.KeyValue && reader.Child(map, key) is { } misplaced)
                    throw reader.Fail(misplaced, "status." + key, "is used only with format keyValue");
            if (format != StatusFormat.Regex && reader.Child(map, "patterns") is { } notUsed)
                throw reader.Fail(notUsed, "status.patterns", "is used only with format regex");
            if (format == StatusFormat.KeyValue)
            {
                if (Setting(reader, map, "separator", "status") is { } sep)
                    separator = sep.Value!.Trim().Length > 0 ? sep.Value.Trim() : throw reader.Fail(sep, "status.separator", "needs the text between a key and its value, such as ':'");
                var sectionNode = Setting(reader, map, "section", "status");
                section = Compile(reader, (YamlNode?)sectionNode ?? map, "status.section", sectionNode?.Value ?? DefaultSection(separator), RegexOptions.None);
            }
            if (format == StatusFormat.Regex)
            {
                var list = reader.Child(map, "patterns") ?? throw reader.Fail(map, "status.patterns", "is required with format regex: a list of regular expressions whose named groups are the fields");
                var items = reader.Sequence(list, "status.patterns");
                if (items.Children.Count == 0) throw reader.Fail(items, "status.patterns", "needs at least one regular expression");
                for (var i = 0; i < items.Children.Count; i++)
                {
                    var text = reader.Scalar(items.Children[i], $"status.patterns[{i}]");
                    patterns.Add(Compile(reader, text, $"status.patterns[{i}]", text.Value!, RegexOptions.Multiline));
                }
            }

            var locations = ReadLocations(reader, map, format, patterns);
            var values = reader.Child(map, "values") is { } valuesNode ? ReadValues(reader, reader.Mapping(valuesNode, "status.values")) : new Dictionary<StatusField, IReadOnlyDictionary<string, string>>();
            return new StatusLayout(format, locations, section, separator, patterns, values);
        }

        /// <summary>A line that starts in the first column and has no separator.</summary>
        private static string DefaultSection(string separator) => @"^(?<section>(?!\s)(?:(?!" + Regex.Escape(separator) + @").)+)$";

        private static Dictionary<StatusField, string> ReadLocations(YamlFieldReader reader, YamlMappingNode map, StatusFormat format, List<Regex> patterns)
        {
            var groups = new HashSet<string>(patterns.SelectMany(p => p.GetGroupNames()).Where(g => !char.IsDigit(g[0])), StringComparer.Ordinal);
            var locations = new Dictionary<StatusField, string>();
            foreach (var field in StatusField.All)
            {
                var node = reader.Text(map, field.Key, "status");
                var at = "status." + field.Key;
                if (node != null && (YamlFieldReader.IsNull(node) || node.Value!.Trim().Length == 0))
                {
                    if (field.Required) throw reader.Fail(node, at, "is required: the module cannot work without it");
                    continue; // the appliance does not carry this field
                }
                var location = node?.Value!.Trim() ?? Implicit(format, field, groups);
                if (location is null)
                {
                    if (field.Required)
                        throw reader.Fail(map, at, format == StatusFormat.KeyValue
                            ? "is required with format keyValue: give the Section/Key that holds it"
                            : $"is required: name a group (?<{field.Key}>...) in a pattern, or map {field.Key} to a group");
                    continue;
                }
                if (format == StatusFormat.Yaml && location.Split('.').Any(part => part.Length == 0))
                    throw reader.Fail(node!, at, $"'{location}' is not a dotted YAML path such as cluster.mode");
                if (format == StatusFormat.Regex && !groups.Contains(location))
                    throw reader.Fail(node!, at, $"no pattern has a group named '{location}'");
                locations[field] = location;
            }
            if (format == StatusFormat.Regex)
            {
                var unused = groups.FirstOrDefault(g => !locations.Values.Contains(g, StringComparer.Ordinal));
                if (unused != null)
                    throw reader.Fail(map, "status.patterns", $"the group '{unused}' is not a field; fields are {string.Join(", ", StatusField.Keys)}");
            }
            return locations;
        }

        private static string? Implicit(StatusFormat format, StatusField field, HashSet<string> groups) => format switch
        {
            StatusFormat.Yaml => field.YamlPath,
            StatusFormat.Regex => groups.Contains(field.Key) ? field.Key : null,
            _ => null,
        };

        private static Dictionary<StatusField, IReadOnlyDictionary<string, string>> ReadValues(YamlFieldReader reader, YamlMappingNode map)
        {
            reader.OnlyKeys(map, StatusField.Keys, "status.values");
            var values = new Dictionary<StatusField, IReadOnlyDictionary<string, string>>();
            foreach (var entry in map.Children)
            {
                var field = StatusField.Find(((YamlScalarNode)entry.Key).Value!)!;
                var at = "status.values." + field.Key;
                var words = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in reader.Mapping(entry.Value, at).Children)
                {
                    var said = reader.Scalar(pair.Key, at);
                    var meant = reader.Scalar(pair.Value, at + "." + said.Value);
                    var word = YamlFieldReader.IsNull(meant) ? string.Empty : meant.Value!.Trim();
                    try
                    {
                        field.Parse(word);
                    }
                    catch (FormatException ex)
                    {
                        throw reader.Fail(meant, at + "." + said.Value, ex.Message, ex);
                    }
                    words[KeyValueStatusReader.Normalize(said.Value!)] = word;
                }
                values[field] = words;
            }
            return values;
        }

        private static StatusFormat ParseFormat(string text) => text.ToLowerInvariant() switch
        {
            "yaml" => StatusFormat.Yaml,
            "keyvalue" => StatusFormat.KeyValue,
            "regex" => StatusFormat.Regex,
            _ => throw new FormatException(),
        };
    }
}
