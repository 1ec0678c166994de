using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Transport.Ssh;
using EmailGateway.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EmailGateway.Inventory
{
    /// <summary>
    /// An inventory YAML file: the appliances to open sessions to, with optional shared defaults.
    /// <code>
    /// defaults: { user: admin, port: 22, key: ~/.ssh/meg_ed25519, profile: profiles/meg.yaml }
    /// appliances:
    ///   - { name: meg1, host: 192.0.2.11 }
    ///   - { name: meg2, host: 192.0.2.12, port: 2222, user: ops }
    ///   - { name: fra-meg1, host: 198.51.100.11, segment: frankfurt }   # site: is the same key
    /// </code>
    /// <c>segment:</c> (or <c>site:</c>) names the network segment an appliance sits in, so that clusters of
    /// different sites that share a cluster id are told apart; <c>defaults:</c> may give one for all.
    /// Relative paths are relative to the inventory file; <c>~</c> is the user's home. Credentials never go in it.
    /// <c>defaults:</c> gives any per-appliance key but name and host; an appliance's own value wins. Names (and hosts,
    /// which name an appliance that has no name) must be session names (<see cref="SessionName"/>).
    /// </summary>
    public static class InventoryFile
    {
        public static IReadOnlyList<InventoryEntry> Load(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The inventory file '{path}' does not exist.", path);
            var fullPath = Path.GetFullPath(path);
            return Parse(File.ReadAllText(fullPath), fullPath, Path.GetDirectoryName(fullPath) ?? ".");
        }

        public static IReadOnlyList<InventoryEntry> Parse(string yaml, string source, string baseDirectory)
        {
            Document? document;
            try
            {
                document = new DeserializerBuilder()
                    .WithNamingConvention(CamelCaseNamingConvention.Instance)
                    .Build()
                    .Deserialize<Document>(yaml);
            }
            catch (Exception ex) when (YamlRoot.IsSyntaxError(ex))
            {
                var (line, reason) = YamlRoot.Locate(yaml, ex);
                throw new InventoryException(source, line, "not valid: " + reason, ex);
            }
            if (document?.Appliances is null || document.Appliances.Count == 0)
                throw new InventoryException(source, null, "it lists no appliances (expected an 'appliances:' list).");

            var defaults = document.Defaults ?? new InventoryEntry();
            if (!string.IsNullOrEmpty(defaults.Name) || !string.IsNullOrEmpty(defaults.Host))
                throw new InventoryException(source, null,
                    $"'defaults:' gives {(string.IsNullOrEmpty(defaults.Name) ? "host" : "name")}, which is one appliance's own; give it per appliance.");
            var entries = new List<InventoryEntry>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < document.Appliances.Count; i++)
            {
                var raw = document.Appliances[i] ?? throw new InventoryException(source, null, $"appliance #{i + 1} is empty.");
                if (string.IsNullOrWhiteSpace(raw.Host)) throw new InventoryException(source, null, $"appliance #{i + 1} has no host.");
                var entry = new InventoryEntry
                {
                    Name = string.IsNullOrWhiteSpace(raw.Name) ? raw.Host.Trim() : raw.Name.Trim(),
                    Host = raw.Host.Trim(),
                    Port = raw.Port ?? defaults.Port,
                    User = raw.User ?? defaults.User,
                    Key = ResolvePath(raw.Key ?? defaults.Key, baseDirectory),
                    Profile = ResolvePath(raw.Profile ?? defaults.Profile, baseDirectory),
                    HostKeyFingerprint = raw.HostKeyFingerprint ?? defaults.HostKeyFingerprint,
                    Segment = SegmentOf(raw, source, $"appliance '{(string.IsNullOrWhiteSpace(raw.Name) ? raw.Host.Trim() : raw.Name.Trim())}'")
                              ?? SegmentOf(defaults, source, "defaults"),
                };
                if (SessionName.Problem(entry.Name) is { } nameProblem)
                    throw new InventoryException(source, null, $"appliance #{i + 1}: {(string.IsNullOrWhiteSpace(raw.Name) ? "its host, its name when it has none" : "its name")}: {nameProblem}.");
                if (SessionName.Problem(entry.Host) is { } hostProblem)
                    throw new InventoryException(source, null, $"appliance #{i + 1} ('{entry.Name}'): its host: {hostProblem}.");
                if (entry.Port is int port && (port < 1 || port > 65535))
                    throw new InventoryException(source, null, $"appliance '{entry.Name}' has port {port}, not between 1 and 65535.");
                if (entry.HostKeyFingerprint != null)
                {
                    try { HostKeyFingerprint.Parse(entry.HostKeyFingerprint); }
                    catch (FormatException ex) { throw new InventoryException(source, null, $"appliance '{entry.Name}': {ex.Message}", ex); }
                }
                if (!names.Add(entry.Name)) throw new InventoryException(source, null, $"it lists '{entry.Name}' twice.");
                entries.Add(entry);
            }
            return entries;
        }

        /// <summary>The entry's segment from <c>segment:</c> or <c>site:</c> (one name if both are given), validated.</summary>
        private static string? SegmentOf(InventoryEntry entry, string source, string where)
        {
            if (entry.Segment != null && entry.Site != null && !ClusterKey.SameSegment(entry.Segment, entry.Site))
                throw new FormatException($"The inventory '{source}': {where} gives segment '{entry.Segment}' and site '{entry.Site}'; they name the same thing, give one.");
            var name = entry.Segment ?? entry.Site;
            if (name is null) return null;
            if (SegmentName.Problem(name) is { } problem) throw new FormatException($"The inventory '{source}': {where}: {problem}.");
            return ClusterKey.Normalize(name);
        }

        private static string? ResolvePath(string? path, string baseDirectory)
        {
            if (string.IsNullOrWhiteSpace(path)) return null;
            var trimmed = path!.Trim();
            if (trimmed == "~" || trimmed.StartsWith("~/", StringComparison.Ordinal) || trimmed.StartsWith("~\\", StringComparison.Ordinal))
                trimmed = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), trimmed.Substring(Math.Min(2, trimmed.Length)));
            return Path.GetFullPath(Path.IsPathRooted(trimmed) ? trimmed : Path.Combine(baseDirectory, trimmed));
        }

        private sealed class Document
        {
            public InventoryEntry? Defaults { get; set; }
            public List<InventoryEntry?>? Appliances { get; set; }
        }
    }
}
