using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EmailGateway.Profiles
{
    /// <summary>Command lines with <c>{placeholder}</c> slots; values are validated by WireValue before they are inserted.</summary>
    public sealed class CommandTemplates
    {
        private static readonly Regex Placeholder = new Regex(@"\{(\w+)\}", RegexOptions.CultureInvariant);

        /// <summary>Each command's key in a profile's <c>commands</c> section and the placeholders it must hold.</summary>
        internal static readonly IReadOnlyList<(string Key, string[] Slots, Func<CommandTemplates, string> Get, Action<CommandTemplates, string> Set)> Table = new (string, string[], Func<CommandTemplates, string>, Action<CommandTemplates, string>)[]
        {
            ("status", new string[0], c => c.Status, (c, v) => c.Status = v),
            ("setClusterId", new[] { "id" }, c => c.SetClusterId, (c, v) => c.SetClusterId = v),
            ("setClusterMode", new[] { "mode" }, c => c.SetClusterMode, (c, v) => c.SetClusterMode = v),
            ("setClusterModeWithVirtualIp", new[] { "mode", "virtualIp" }, c => c.SetClusterModeWithVirtualIp, (c, v) => c.SetClusterModeWithVirtualIp = v),
            ("setNetwork", new[] { "state" }, c => c.SetNetwork, (c, v) => c.SetNetwork = v),
            ("setAddress", new[] { "address" }, c => c.SetAddress, (c, v) => c.SetAddress = v),
            ("setHelo", new[] { "helo" }, c => c.SetHelo, (c, v) => c.SetHelo = v),
            ("applyUpdate", new[] { "path", "sha256" }, c => c.ApplyUpdate, (c, v) => c.ApplyUpdate = v),
            ("restart", new string[0], c => c.Restart, (c, v) => c.Restart = v),
        };

        public string Status { get; set; } = "show status";
        public string SetClusterId { get; set; } = "set cluster-id {id}";
        public string SetClusterMode { get; set; } = "set cluster-mode {mode}";
        public string SetClusterModeWithVirtualIp { get; set; } = "set cluster-mode {mode} --virtual-ip {virtualIp}";
        public string SetNetwork { get; set; } = "set network {state}";
        public string SetAddress { get; set; } = "set address {address}";
        public string SetHelo { get; set; } = "set smtp-helo {helo}";
        public string ApplyUpdate { get; set; } = "update apply {path} --sha256 {sha256}";
        public string Restart { get; set; } = "restart";

        /// <summary>Every command as (its key in a profile, its template), in a fixed order.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> ByKey() =>
            Table.Select(c => new KeyValuePair<string, string>(c.Key, c.Get(this))).ToList();

        /// <summary>Fills a template; every placeholder must have a value and every value must be used.</summary>
        public static string Fill(string template, IDictionary<string, string> values)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            var text = Placeholder.Replace(template, match =>
            {
                var name = match.Groups[1].Value;
                if (!values.TryGetValue(name, out var value)) throw new InvalidOperationException($"The command template '{template}' has no value for {{{name}}}.");
                used.Add(name);
                return value;
            });
            foreach (var name in values.Keys)
                if (!used.Contains(name)) throw new InvalidOperationException($"The command template '{template}' does not use {{{name}}}.");
            return text;
        }

        /// <summary>Why <paramref name="template"/> cannot be the command with these slots, or null when it can.</summary>
        internal static string? Problem(string template, string[] slots)
        {
            if (template.Trim().Length == 0) return "needs a command line";
            if (template.IndexOfAny(new[] { '\r', '\n' }) >= 0) return "must be one line (a line break would send a second command)";
            foreach (var slot in slots)
                if (template.IndexOf("{" + slot + "}", StringComparison.Ordinal) < 0)
                    return $"must contain {{{slot}}}";
            foreach (Match match in Placeholder.Matches(template))
                if (!slots.Contains(match.Groups[1].Value))
                    return slots.Length == 0
                        ? $"{match.Value} is not a placeholder of this command; it takes none"
                        : $"{match.Value} is not a placeholder of this command; it takes {string.Join(" and ", slots.Select(s => "{" + s + "}"))}";
            return null;
        }
    }
}
