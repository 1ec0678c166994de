using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace EmailGateway.Yaml
{
    /// <summary>
    /// Reads keys and scalars out of a user-written YAML file and turns every problem into the file kind's
    /// own exception, made by <c>fail(line, field, problem, cause)</c>, naming the line and the dotted field.
    /// </summary>
    public sealed class YamlFieldReader
    {
        private readonly Func<long, string, string, Exception?, Exception> _fail;

        public YamlFieldReader(Func<long, string, string, Exception?, Exception> fail) => _fail = fail ?? throw new ArgumentNullException(nameof(fail));

        public YamlNode? Child(YamlMappingNode map, string key)
        {
            foreach (var entry in map.Children)
                if (entry.Key is YamlScalarNode k && k.Value == key) return entry.Value;
            return null;
        }

        public YamlMappingNode Mapping(YamlNode node, string field) =>
            node as YamlMappingNode ?? throw _fail(node.Start.Line, field, "expected a mapping of keys and values", null);

        public YamlSequenceNode Sequence(YamlNode node, string field) =>
            node as YamlSequenceNode ?? throw _fail(node.Start.Line, field, "expected a list", null);

        /// <summary>The scalar under <paramref name="key"/>, or null when the key is absent.</summary>
        public YamlScalarNode? Text(YamlMappingNode map, string key, string at)
        {
            var child = Child(map, key);
            if (child is null) return null;
            return Scalar(child, Join(at, key));
        }

        public YamlScalarNode Scalar(YamlNode node, string field) =>
            node is YamlScalarNode scalar && scalar.Value != null
                ? scalar
                : throw _fail(node.Start.Line, field, "expected a single value", null);

        public YamlScalarNode Required(YamlMappingNode map, string key, string at) =>
            Text(map, key, at) is { } scalar && scalar.Value!.Trim().Length > 0
                ? scalar
                : throw _fail(map.Start.Line, Join(at, key), "is required", null);

        public void OnlyKeys(YamlMappingNode map, IReadOnlyCollection<string> allowed, string at)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in map.Children)
            {
                var key = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                if (!allowed.Contains(key, StringComparer.Ordinal))
                    throw _fail(entry.Key.Start.Line, Join(at, key), $"unknown key; expected one of {string.Join(", ", allowed)}", null);
                if (!seen.Add(key))
                    throw _fail(entry.Key.Start.Line, Join(at, key), "appears twice", null);
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
                throw _fail(scalar.Start.Line, field, $"'{scalar.Value}' {problem}", ex);
            }
        }

        public Exception Fail(YamlNode node, string field, string problem, Exception? cause = null) => _fail(node.Start.Line, field, problem, cause);

        public static string Join(string at, string key) => at.Length == 0 ? key : at + "." + key;

        /// <summary>True for YAML's null: a plain <c>~</c>, <c>null</c> or nothing; a quoted <c>''</c> is an empty string.</summary>
        public static bool IsNull(YamlScalarNode scalar) =>
            scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Value == "~" || scalar.Value == "null" || scalar.Value!.Length == 0);
    }
}
