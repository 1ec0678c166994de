using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using EmailGateway.Model;
using EmailGateway.Smtp;
using EmailGateway.Yaml;
using YamlDotNet.RepresentationModel;

namespace EmailGateway.DesiredState
{
    /// <summary>
    /// Reads a desired-state file:
    /// <code>
    /// clusters:
    ///   - segment: frankfurt        # the site; a pattern (site-*) for many; left out: every segment
    ///     clusterId: 12
    ///     build: 7.6.4 P3            # every member runs this build
    ///     virtualIp: 192.0.2.10      # master and failover serve this address
    ///     greeting: mail.example.com # every member greets with this name
    ///     members:                   # exactly these nodes, in these modes
    ///       - { name: meg1, mode: master }
    ///       - { name: meg2, mode: failover }
    /// </code>
    /// Only <c>clusterId</c> is required; what is left out is not checked. A cluster is governed by the entry
    /// that names its segment exactly, else by the first whose pattern matches it. Unknown keys are refused, so a
    /// misspelt key is never silently ignored. Every error names the line and the field.
    /// </summary>
    public static class DesiredStateDocument
    {
        private static readonly string[] TopKeys = { "clusters" };
        private static readonly string[] ClusterKeys = { "segment", "site", "clusterId", "build", "virtualIp", "greeting", "members" };
        private static readonly string[] MemberKeys = { "name", "mode" };

        public static DesiredStateDefinition Load(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The desired-state file '{path}' does not exist.", path);
            return Parse(File.ReadAllText(path), path);
        }

        public static DesiredStateDefinition Parse(string yaml, string source = "desired state")
        {
            var root = ReadRoot(yaml, source);
            OnlyKeys(root, TopKeys, string.Empty, source);
            var list = Child(root, "clusters") as YamlSequenceNode
                       ?? throw new DesiredStateException(source, root.Start.Line, "clusters", "expected a list of clusters under 'clusters'");
            if (list.Children.Count == 0) throw new DesiredStateException(source, list.Start.Line, "clusters", "the list of clusters is empty");

            var clusters = new List<DesiredCluster>();
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var memberNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < list.Children.Count; i++)
            {
                var at = $"clusters[{i}]";
                var map = list.Children[i] as YamlMappingNode ?? throw new DesiredStateException(source, list.Children[i].Start.Line, at, "expected a mapping");
                var cluster = ReadCluster(map, at, source);
                if (!ids.Add(cluster.Segment + "|" + cluster.ClusterId))
                    throw new DesiredStateException(source, map.Start.Line, at + ".clusterId", $"{cluster.Describe()} is described twice");
                foreach (var member in cluster.Members)
                {
                    if (memberNames.TryGetValue(member.Name, out var other))
                        throw new DesiredStateException(source, map.Start.Line, at + ".members",
                            $"'{member.Name}' is listed in {other} and in {cluster.Describe()}; a node belongs to one cluster");
                    memberNames[member.Name] = cluster.Describe();
                }
                clusters.Add(cluster);
            }
            return new DesiredStateDefinition(source, clusters);
        }

        private static DesiredCluster ReadCluster(YamlMappingNode map, string at, string source)
        {
            OnlyKeys(map, ClusterKeys, at, source);
            var idNode = Scalar(map, "clusterId", at, source) ?? throw new DesiredStateException(source, map.Start.Line, at + ".clusterId", "every cluster needs a clusterId (0-255)");
            var id = Convert(idNode, at + ".clusterId", source, ClusterId.Parse);
            var segment = Segment(map, at, source);

            GatewayBuild? build = null;
            if (Scalar(map, "build", at, source) is { } buildNode)
                build = Convert(buildNode, at + ".build", source, GatewayBuild.Parse);

            string? virtualIp = null;
            if (Scalar(map, "virtualIp", at, source) is { } vipNode)
                virtualIp = Convert(vipNode, at + ".virtualIp", source, text =>
                    IPAddress.TryParse(text, out var address) ? address.ToString() : throw new FormatException($"'{text}' is not an IP address"));

            string? greeting = null;
            if (Scalar(map, "greeting", at, source) is { } greetingNode)
            {
                greeting = greetingNode.Value!.Trim();
                var check = HeloName.Check(greeting);
                if (!check.IsValid)
                    throw new DesiredStateException(source, greetingNode.Start.Line, at + ".greeting",
                        $"'{greeting}' cannot be a desired greeting: {check.Reason}");
            }

            var members = new List<DesiredMember>();
            if (Child(map, "members") is { } membersNode)
            {
                var list = membersNode as YamlSequenceNode ?? throw new DesiredStateException(source, membersNode.Start.Line, at + ".members", "expected a list of members");
                for (var i = 0; i < list.Children.Count; i++)
                    members.Add(ReadMember(list.Children[i], $"{at}.members[{i}]", source));
                var duplicate = members.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
                if (duplicate != null)
                    throw new DesiredStateException(source, list.Start.Line, at + ".members", $"'{duplicate.Key}' is listed twice");
                if (members.Count(m => m.Mode == ClusterMode.Master) > 1)
                    throw new DesiredStateException(source, list.Start.Line, at + ".members", "a cluster has one master");
                if (members.Count(m => m.Mode == ClusterMode.Failover) > 1)
                    throw new DesiredStateException(source, list.Start.Line, at + ".members", "a cluster has at most one failover");
                if (members.Any(m => m.Mode == ClusterMode.Standalone))
                    throw new DesiredStateException(source, list.Start.Line, at + ".members", "a standalone appliance is in no cluster; list it under a cluster id of its own, or leave it out");
            }
            return new DesiredCluster(id, build, virtualIp, greeting, members, segment);
        }

        /// <summary>The entry's <c>segment:</c> (or <c>site:</c>): a segment name, or a pattern with '*' and '?'.</summary>
        private static string? Segment(YamlMappingNode map, string at, string source)
        {
            var segment = Scalar(map, "segment", at, source);
            var site = Scalar(map, "site", at, source);
            if (segment != null && site != null)
                throw new DesiredStateException(source, site.Start.Line, at + ".site", "'segment' and 'site' name the same thing; give one");
            var node = segment ?? site;
            if (node is null) return null;
            var text = Required(node, at + (segment != null ? ".segment" : ".site"), source);
            var problem = SegmentName.Problem(text.Replace('*', 'x').Replace('?', 'x'));
            if (problem != null) throw new DesiredStateException(source, node.Start.Line, at + (segment != null ? ".segment" : ".site"), problem + " (or a pattern with '*' and '?')");
            return text;
        }

        private static DesiredMember ReadMember(YamlNode node, string at, string source)
        {
            if (node is YamlScalarNode plain) return new DesiredMember(Required(plain, at, source), null);
            var map = node as YamlMappingNode ?? throw new DesiredStateException(source, node.Start.Line, at, "expected a member name or { name, mode }");
            OnlyKeys(map, MemberKeys, at, source);
            var nameNode = Scalar(map, "name", at, source) ?? throw new DesiredStateException(source, map.Start.Line, at + ".name", "every member needs a name");
            ClusterMode? mode = null;
            if (Scalar(map, "mode", at, source) is { } modeNode)
                mode = Convert(modeNode, at + ".mode", source, ModeNames.ParseMode);
            return new DesiredMember(Required(nameNode, at + ".name", source), mode);
        }

        private static YamlMappingNode ReadRoot(string yaml, string source) =>
            YamlRoot.Load(yaml, "the file is empty", "a mapping with a 'clusters' list",
                (line, problem, cause) => new DesiredStateException(source, line, string.Empty, problem, cause));

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private static YamlScalarNode? Scalar(YamlMappingNode map, string key, string at, string source)
        {
            var node = Child(map, key);
            if (node is null) return null;
            return node as YamlScalarNode ?? throw new DesiredStateException(source, node.Start.Line, Join(at, key), "expected a single value");
        }

        private static string Required(YamlScalarNode node, string at, string source) =>
            string.IsNullOrWhiteSpace(node.Value) ? throw new DesiredStateException(source, node.Start.Line, at, "is empty") : node.Value!.Trim();

        private static T Convert<T>(YamlScalarNode node, string field, string source, Func<string, T> parse)
        {
            try
            {
                return parse((node.Value ?? string.Empty).Trim());
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException || ex is OverflowException)
            {
                throw new DesiredStateException(source, node.Start.Line, field, ex.Message.TrimEnd('.'), ex);
            }
        }

        private static void OnlyKeys(YamlMappingNode map, string[] allowed, string at, string source)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                if (!allowed.Contains(name, StringComparer.Ordinal))
                    throw new DesiredStateException(source, key.Start.Line, Join(at, name),
                        $"unknown key '{name}'; expected one of {string.Join(", ", allowed)}");
            }
        }

        private static string Join(string at, string key) => at.Length == 0 ? key : at + "." + key;
    }
}
