using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.RepresentationModel;

namespace EmailGateway.Profiles.Status
{
    /// <summary>Finds fields in a YAML status by dotted paths; a mapping where a value should be counts as missing.</summary>
    internal static class YamlStatusReader
    {
        /// <summary>The root mapping; a FormatException says why the reply is not one.</summary>
        public static YamlMappingNode Load(string output)
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(output));
                return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
                    ? mapping
                    : throw new FormatException("The status is not a YAML mapping");
            }
            catch (YamlDotNet.Core.YamlException ex)
            {
                throw new FormatException($"The status is not valid YAML: {ex.Message}", ex);
            }
        }

        public static FoundText? Find(YamlMappingNode root, string dottedPath)
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
            return current is YamlScalarNode scalar ? new FoundText(scalar.Value ?? string.Empty, (int)scalar.Start.Line) : null;
        }
    }
}
