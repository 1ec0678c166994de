using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace EmailGateway.Profiles
{
    /// <summary>Command lines with <c>{placeholder}</c> slots; values are validated by WireValue before they are inserted.</summary>
    public sealed class CommandTemplates
    {
        private static readonly Regex Placeholder = new Regex(@"\{(\w+)\}", RegexOptions.CultureInvariant);

        public string Status { get; set; } = "show status";
        public string SetClusterId { get; set; } = "set cluster-id {id}";
        public string SetClusterMode { get; set; } = "set cluster-mode {mode}";
        public string SetClusterModeWithVirtualIp { get; set; } = "set cluster-mode {mode} --virtual-ip {virtualIp}";
        public string SetNetwork { get; set; } = "set network {state}";
        public string SetAddress { get; set; } = "set address {address}";
        public string SetHelo { get; set; } = "set smtp-helo {helo}";
        public string ApplyUpdate { get; set; } = "update apply {path} --sha256 {sha256}";
        public string Restart { get; set; } = "restart";

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

        internal void Validate(string source)
        {
            Check(nameof(Status), Status);
            Check(nameof(SetClusterId), SetClusterId, "id");
            Check(nameof(SetClusterMode), SetClusterMode, "mode");
            Check(nameof(SetClusterModeWithVirtualIp), SetClusterModeWithVirtualIp, "mode", "virtualIp");
            Check(nameof(SetNetwork), SetNetwork, "state");
            Check(nameof(SetAddress), SetAddress, "address");
            Check(nameof(SetHelo), SetHelo, "helo");
            Check(nameof(ApplyUpdate), ApplyUpdate, "path", "sha256");
            Check(nameof(Restart), Restart);

            void Check(string name, string template, params string[] required)
            {
                if (string.IsNullOrWhiteSpace(template)) throw new FormatException($"The device profile '{source}' has no command for '{name}'.");
                foreach (var slot in required)
                    if (template.IndexOf("{" + slot + "}", StringComparison.Ordinal) < 0)
                        throw new FormatException($"The device profile '{source}': command '{name}' must contain {{{slot}}}.");
            }
        }
    }
}
