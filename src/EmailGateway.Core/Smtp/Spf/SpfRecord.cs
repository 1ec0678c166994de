using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace EmailGateway.Smtp.Spf
{
    /// <summary>A parsed SPF record (RFC 7208 section 4.6, 5 and 6). Any syntax error makes the whole record a permerror.</summary>
    internal sealed class SpfRecord
    {
        private static readonly Regex ModifierPattern = new Regex(@"^(?<name>[A-Za-z][A-Za-z0-9\-_\.]*)=(?<value>.*)$", RegexOptions.CultureInvariant);
        private static readonly Regex DualCidrPattern = new Regex(@"^(?::(?<spec>[^/]+))?(?:/(?<v4>[0-9]+))?(?://(?<v6>[0-9]+))?$", RegexOptions.CultureInvariant);
        private static readonly Regex MechanismNamePattern = new Regex(@"^(?<name>[A-Za-z0-9]+)(?<rest>.*)$", RegexOptions.CultureInvariant);

        private SpfRecord(IReadOnlyList<SpfDirective> directives, string? redirect, string? explanation)
        {
            Directives = directives;
            Redirect = redirect;
            Explanation = explanation;
        }

        public IReadOnlyList<SpfDirective> Directives { get; }
        public string? Redirect { get; }
        public string? Explanation { get; }

        /// <summary>Section 4.5: a record starts with "v=spf1" followed by a space or nothing.</summary>
        public static bool IsSpfRecord(string txt) =>
            txt.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (txt.Length == 6 || txt[6] == ' ');

        public static bool TryParse(string text, out SpfRecord? record, out string error)
        {
            record = null;
            if (!IsSpfRecord(text)) { error = "not an SPF record"; return false; }
            var directives = new List<SpfDirective>();
            string? redirect = null;
            string? explanation = null;
            foreach (var term in text.Substring(6).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var modifier = ModifierPattern.Match(term);
                if (modifier.Success)
                {
                    var name = modifier.Groups["name"].Value;
                    var value = modifier.Groups["value"].Value;
                    if (name.Equals("redirect", StringComparison.OrdinalIgnoreCase) || name.Equals("exp", StringComparison.OrdinalIgnoreCase))
                    {
                        var isRedirect = name.Equals("redirect", StringComparison.OrdinalIgnoreCase);
                        if ((isRedirect ? redirect : explanation) != null) { error = $"'{name}=' appears more than once"; return false; }
                        if (!IsValidDomainSpec(value, out error)) return false;
                        if (isRedirect) redirect = value; else explanation = value;
                    }
                    else if (!SpfMacro.IsValid(value, inExplanation: false, out error))
                    {
                        return false;
                    }
                    continue;
                }
                if (!TryParseDirective(term, out var directive, out error)) return false;
                directives.Add(directive!);
            }
            record = new SpfRecord(directives, redirect, explanation);
            error = string.Empty;
            return true;
        }

        private static bool TryParseDirective(string term, out SpfDirective? directive, out string error)
        {
            directive = null;
            var qualifier = SpfResult.Pass;
            var body = term;
            switch (term[0])
            {
                case '+': qualifier = SpfResult.Pass; body = term.Substring(1); break;
                case '-': qualifier = SpfResult.Fail; body = term.Substring(1); break;
                case '~': qualifier = SpfResult.SoftFail; body = term.Substring(1); break;
                case '?': qualifier = SpfResult.Neutral; body = term.Substring(1); break;
            }
            var nameMatch = MechanismNamePattern.Match(body);
            if (!nameMatch.Success) { error = $"'{term}' is not a valid term"; return false; }
            var name = nameMatch.Groups["name"].Value.ToLowerInvariant();
            var rest = nameMatch.Groups["rest"].Value;

            switch (name)
            {
                case "all":
                    if (rest.Length != 0) break;
                    directive = new SpfDirective(term, qualifier, SpfMechanism.All);
                    error = string.Empty;
                    return true;

                case "include":
                case "exists":
                    if (!rest.StartsWith(":", StringComparison.Ordinal)) break;
                    if (!IsValidDomainSpec(rest.Substring(1), out error)) return false;
                    directive = new SpfDirective(term, qualifier, name == "include" ? SpfMechanism.Include : SpfMechanism.Exists) { DomainSpec = rest.Substring(1) };
                    return true;

                case "ptr":
                    string? ptrSpec = null;
                    if (rest.Length > 0)
                    {
                        if (!rest.StartsWith(":", StringComparison.Ordinal)) break;
                        ptrSpec = rest.Substring(1);
                        if (!IsValidDomainSpec(ptrSpec, out error)) return false;
                    }
                    directive = new SpfDirective(term, qualifier, SpfMechanism.Ptr) { DomainSpec = ptrSpec };
                    error = string.Empty;
                    return true;

                case "a":
                case "mx":
                    var cidr = DualCidrPattern.Match(rest);
                    if (!cidr.Success) break;
                    var spec = cidr.Groups["spec"].Success ? cidr.Groups["spec"].Value : null;
                    if (spec != null && !IsValidDomainSpec(spec, out error)) return false;
                    if (!TryPrefix(cidr.Groups["v4"], 32, out var v4) || !TryPrefix(cidr.Groups["v6"], 128, out var v6)) { error = $"'{term}' has an invalid prefix length"; return false; }
                    directive = new SpfDirective(term, qualifier, name == "a" ? SpfMechanism.A : SpfMechanism.Mx) { DomainSpec = spec, Ip4Prefix = v4, Ip6Prefix = v6 };
                    error = string.Empty;
                    return true;

                case "ip4":
                case "ip6":
                    if (!rest.StartsWith(":", StringComparison.Ordinal)) break;
                    return TryParseNetwork(term, qualifier, name == "ip6", rest.Substring(1), out directive, out error);
            }
            error = $"'{term}' is not a valid mechanism";
            return false;
        }

        private static bool TryParseNetwork(string term, SpfResult qualifier, bool isIp6, string argument, out SpfDirective? directive, out string error)
        {
            directive = null;
            var slash = argument.IndexOf('/');
            var addressText = slash < 0 ? argument : argument.Substring(0, slash);
            int? prefix = null;
            if (slash >= 0)
            {
                var prefixText = argument.Substring(slash + 1);
                if (!Regex.IsMatch(prefixText, "^(0|[1-9][0-9]{0,2})$") || int.Parse(prefixText, CultureInfo.InvariantCulture) > (isIp6 ? 128 : 32))
                {
                    error = $"'{term}' has an invalid prefix length";
                    return false;
                }
                prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
            }
            var family = isIp6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            // IPAddress.TryParse accepts shorthand such as "10.1"; RFC 7208 wants a dotted quad.
            var looksRight = isIp6 ? addressText.Contains(":") : Regex.IsMatch(addressText, @"^[0-9]{1,3}(\.[0-9]{1,3}){3}$");
            if (!looksRight || !IPAddress.TryParse(addressText, out var network) || network.AddressFamily != family)
            {
                error = $"'{term}' does not hold a valid {(isIp6 ? "IPv6" : "IPv4")} address";
                return false;
            }
            directive = new SpfDirective(term, qualifier, isIp6 ? SpfMechanism.Ip6 : SpfMechanism.Ip4)
            {
                Network = network,
                Ip4Prefix = isIp6 ? null : prefix,
                Ip6Prefix = isIp6 ? prefix : null,
            };
            error = string.Empty;
            return true;
        }

        private static bool TryPrefix(Group group, int max, out int? prefix)
        {
            prefix = null;
            if (!group.Success) return true;
            if (!Regex.IsMatch(group.Value, "^(0|[1-9][0-9]{0,2})$")) return false;
            var value = int.Parse(group.Value, CultureInfo.InvariantCulture);
            if (value > max) return false;
            prefix = value;
            return true;
        }

        private static bool IsValidDomainSpec(string spec, out string error)
        {
            if (spec.Length == 0) { error = "a domain-spec is empty"; return false; }
            if (!SpfMacro.IsValid(spec, inExplanation: false, out error)) return false;
            if (!SpfMacro.HasValidDomainEnd(spec)) { error = $"'{spec}' does not end in a top-level label or a macro"; return false; }
            error = string.Empty;
            return true;
        }
    }
}
