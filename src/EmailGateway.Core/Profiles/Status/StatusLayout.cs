using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EmailGateway.Protocol;

namespace EmailGateway.Profiles.Status
{
    /// <summary>
    /// How a device profile reads <c>show status</c>: the format, where each field is, and the firmware's
    /// words for values (<c>Up</c> for online). YAML is one format among several.
    /// </summary>
    public sealed class StatusLayout
    {
        internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

        internal StatusLayout(StatusFormat format, IReadOnlyDictionary<StatusField, string> locations, Regex? section, string separator,
            IReadOnlyList<Regex> patterns, IReadOnlyDictionary<StatusField, IReadOnlyDictionary<string, string>> values)
        {
            Format = format;
            Locations = locations;
            Section = section;
            Separator = separator;
            Patterns = patterns;
            Values = values;
        }

        /// <summary>The default protocol: YAML, every field at its usual path.</summary>
        public static StatusLayout Yaml(IReadOnlyDictionary<StatusField, string>? locations = null) =>
            locations is null ? DefaultYaml : new StatusLayout(StatusFormat.Yaml, locations, null, ":", Array.Empty<Regex>(), NoValues);

        private static readonly IReadOnlyDictionary<StatusField, IReadOnlyDictionary<string, string>> NoValues = new Dictionary<StatusField, IReadOnlyDictionary<string, string>>();
        private static readonly StatusLayout DefaultYaml = new StatusLayout(StatusFormat.Yaml, StatusField.All.ToDictionary(f => f, f => f.YamlPath), null, ":", Array.Empty<Regex>(), NoValues);

        public StatusFormat Format { get; }

        /// <summary>Where each mapped field is; a field not listed is not carried by the appliance.</summary>
        public IReadOnlyDictionary<StatusField, string> Locations { get; }

        /// <summary>Key-value format: a line that starts a section (its group <c>section</c>, or the whole match, names it).</summary>
        public Regex? Section { get; }

        /// <summary>Key-value format: what stands between a key and its value.</summary>
        public string Separator { get; }

        /// <summary>Regex format: the patterns whose named groups are the fields.</summary>
        public IReadOnlyList<Regex> Patterns { get; }

        /// <summary>Per field, the firmware's words (compared without case) and the module's word for each.</summary>
        public IReadOnlyDictionary<StatusField, IReadOnlyDictionary<string, string>> Values { get; }

        public string? LocationOf(StatusField field) => Locations.TryGetValue(field, out var location) ? location : null;

        /// <summary>Reads a reply field by field; never throws for the reply's content.</summary>
        public StatusReading Read(string output)
        {
            var text = (output ?? string.Empty).Replace("\r\n", "\n");
            Func<StatusField, string, (FoundText? Found, string Label)> find;
            var otherKeys = new List<string>();
            try
            {
                find = Finder(text, otherKeys);
            }
            catch (FormatException ex)
            {
                return Unreadable(ex.Message.TrimEnd('.'));
            }
            catch (RegexMatchTimeoutException)
            {
                return Unreadable($"The profile's patterns took longer than {MatchTimeout.TotalSeconds:0} s on this status");
            }

            var readings = new List<StatusFieldReading>();
            foreach (var field in StatusField.All)
            {
                var location = LocationOf(field);
                if (location is null)
                {
                    readings.Add(new StatusFieldReading(field.Property, field.Key, field.Required, StatusFieldOutcome.NotMapped, null, null, field.Fallback, null,
                        $"the profile does not say where it is; the node gets {Describe(field.Fallback)}"));
                    continue;
                }
                var (found, label) = find(field, location);
                readings.Add(found is { } value ? Parse(field, label, value) : Missing(field, location, null));
            }
            return new StatusReading(readings, otherKeys.Where(k => !readings.Any(r => r.Outcome != StatusFieldOutcome.NotMapped && string.Equals(r.Location, k, StringComparison.OrdinalIgnoreCase))).ToList());
        }

        private StatusReading Unreadable(string problem) =>
            new StatusReading(StatusField.All.Select(f => Missing(f, LocationOf(f), problem)).ToList(), Array.Empty<string>(), problem);

        private Func<StatusField, string, (FoundText?, string)> Finder(string text, List<string> otherKeys)
        {
            switch (Format)
            {
                case StatusFormat.Yaml:
                    var root = YamlStatusReader.Load(text);
                    return (field, location) => (YamlStatusReader.Find(root, location), location);
                case StatusFormat.KeyValue:
                    var pairs = new KeyValueStatusReader(text, Section, Separator);
                    otherKeys.AddRange(pairs.Labels);
                    return (field, location) =>
                    {
                        var found = pairs.Find(location, out var label);
                        return (found, label ?? location);
                    };
                default:
                    var groups = RegexStatusReader.Read(text, Patterns);
                    return (field, location) => (groups.TryGetValue(location, out var found) ? found : (FoundText?)null, location);
            }
        }

        private StatusFieldReading Parse(StatusField field, string location, FoundText found)
        {
            var text = found.Text.Trim();
            var word = Values.TryGetValue(field, out var map) && map.TryGetValue(KeyValueStatusReader.Normalize(text), out var mapped) ? mapped : text;
            try
            {
                return new StatusFieldReading(field.Property, field.Key, field.Required, StatusFieldOutcome.Parsed, location, found.Text, field.Parse(word), found.Line, null);
            }
            catch (FormatException ex)
            {
                var read = word == text ? string.Empty : $" (read as '{word}')";
                return new StatusFieldReading(field.Property, field.Key, field.Required, StatusFieldOutcome.Unparsable, location, found.Text, null, found.Line,
                    $"The status field '{location}'{read}: {ex.Message.TrimEnd('.')}");
            }
        }

        private static StatusFieldReading Missing(StatusField field, string? location, string? problem) =>
            new StatusFieldReading(field.Property, field.Key, field.Required, StatusFieldOutcome.Missing, location, null, field.Required ? null : field.Fallback, null,
                problem ?? (field.Required ? $"The status has no '{location}'" : $"The status has no '{location}'; the node gets {Describe(field.Fallback)}"));

        private static string Describe(object? value) => value switch
        {
            null => "no value",
            string s when s.Length == 0 => "an empty value",
            bool b => b ? "true" : "false",
            _ => value.ToString() ?? "no value",
        };
    }
}
