using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace EmailGateway.Smtp.Spf
{
    /// <summary>
    /// A parsed SPF record (RFC 7208 sections 4.5, 4.6, 5, 6 and 7.1). Terms are separated by spaces only; every term
    /// is checked whole (patterns anchored with \A and \z, never $ which would let a trailing line feed through), and
    /// any syntax error anywhere makes the whole record a permerror.
    /// </summary>
    internal sealed class SpfRecord
    {
        // name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ), then "=" (section 4.6.1)
        private static readonly Regex ModifierPattern = new Regex(@"\A(?<name>[A-Za-z][A-Za-z0-9_.\-]*)=(?<value>[\x21-\x7E]*)\z", RegexOptions.CultureInvariant);
        private static readonly Regex MechanismPattern = new Regex(@"\A(?<name>[A-Za-z0-9]+)(?<rest>[\x21-\x7E]*)\z", RegexOptions.CultureInvariant);
        // [ ":" domain-spec ] [ dual-cidr-length ]; the lazy spec leaves the longest cidr suffix, and a domain-spec
        // can never end in "/digits", so "foo:bar/baz.example.com" stays whole (section 5.3, 7.1)
        private static readonly Regex DomainAndCidr = new Regex(@"\A(?::(?<spec>[\x21-\x7E]*?))?(?:/(?<v4>[0-9]+))?(?://(?<v6>[0-9]+))?\z", RegexOptions.CultureInvariant);
        private static readonly Regex NetworkPattern = new Regex(@"\A(?<address>[^/]+)(?:/(?<length>[0-9]+))?\z", RegexOptions.CultureInvariant);
        // ip4-network = qnum "." qnum "." qnum "." qnum, qnum without leading zeros (section 5.6)
        private static readonly Regex DottedQuad = new Regex(@"\A(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\z", RegexOptions.CultureInvariant);
        private static readonly Regex Ip6Characters = new Regex(@"\A[0-9A-Fa-f:.]+\z", RegexOptions.CultureInvariant);
        // ip4-cidr-length and ip6-cidr-length: "0" or a number without a leading zero
        private static readonly Regex PrefixLength = new Regex(@"\A(?:0|[1-9][0-9]{0,2})\z", RegexOptions.CultureInvariant);

        private SpfRecord(IReadOnlyList<SpfDirective> directives, string? redirect, string? explanation)
        {
            Directives = directives;
            Redirect = redirect;
            Explanation = explanation;
        }

        public IReadOnlyList<SpfDirective> Directives { get; }

        /// <summary>The domain-spec of redirect=, unexpanded.</summary>
        public string? Redirect { get; }

        /// <summary>The domain-spec of exp=, unexpanded.</summary>
        public string? Explanation { get; }

        /// <summary>Section 4.5: a record starts with "v=spf1" (any case) followed by a space or nothing.</summary>
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
                // terms are visible ASCII only: a tab, line feed, NUL or non-ASCII octet is never a separator (4.6.1)
                if (term.Any(c => c < 0x21 || c > 0x7E)) { error = $"'{SpfMacro.Printable(term)}' contains a character that is not visible ASCII"; return false; }
                var modifier = ModifierPattern.Match(term);
                if (modifier.Success)
                {
                    if (!TryAddModifier(modifier.Groups["name"].Value, modifier.Groups["value"].Value, ref redirect, ref explanation, out error)) return false;
                    continue;
                }
                if (!TryParseDirective(term, out var directive, out error)) return false;
                directives.Add(directive!);
            }
            record = new SpfRecord(directives, redirect, explanation);
            error = string.Empty;
            return true;
        }

        private static bool TryAddModifier(string name, string value, ref string? redirect, ref string? explanation, out string error)
        {
            var isRedirect = name.Equals("redirect", StringComparison.OrdinalIgnoreCase);
            if (!isRedirect && !name.Equals("exp", StringComparison.OrdinalIgnoreCase))
                return SpfMacro.IsValid(value, inExplanation: false, out error); // unknown modifiers are ignored, but their macros must parse
            if ((isRedirect ? redirect : explanation) != null) { error = $"'{name}=' appears more than once"; return false; }
            if (!SpfMacro.IsValidDomainSpec(value, out error)) { error = $"'{name}={value}': {error}"; return false; }
            if (isRedirect) redirect = value; else explanation = value;
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
            var nameMatch = MechanismPattern.Match(body);
            if (!nameMatch.Success) { error = $"'{term}' is not a valid term"; return false; }
            var name = nameMatch.Groups["name"].Value.ToLowerInvariant();
            var rest = nameMatch.Groups["rest"].Value;
            error = string.Empty;

            switch (name)
            {
                case "all":
                    if (rest.Length != 0) break;
                    directive = new SpfDirective(term, qualifier, SpfMechanism.All);
                    return true;

                case "include":
                case "exists":
                    if (!rest.StartsWith(":", StringComparison.Ordinal)) break;
                    if (!TryDomainSpec(term, rest.Substring(1), out error)) return false;
                    directive = new SpfDirective(term, qualifier, name == "include" ? SpfMechanism.Include : SpfMechanism.Exists) { DomainSpec = rest.Substring(1) };
                    return true;

                case "ptr":
                    if (rest.Length > 0 && !rest.StartsWith(":", StringComparison.Ordinal)) break;
                    var ptrSpec = rest.Length > 0 ? rest.Substring(1) : null;
                    if (ptrSpec != null && !TryDomainSpec(term, ptrSpec, out error)) return false;
                    directive = new SpfDirective(term, qualifier, SpfMechanism.Ptr) { DomainSpec = ptrSpec };
                    return true;

                case "a":
                case "mx":
                    var parts = DomainAndCidr.Match(rest);
                    if (!parts.Success) break;
                    var spec = parts.Groups["spec"].Success ? parts.Groups["spec"].Value : null;
                    if (spec != null && !TryDomainSpec(term, spec, out error)) return false;
                    if (!TryPrefix(parts.Groups["v4"], 32, out var v4) || !TryPrefix(parts.Groups["v6"], 128, out var v6)) { error = $"'{term}' has an invalid prefix length"; return false; }
                    directive = new SpfDirective(term, qualifier, name == "a" ? SpfMechanism.A : SpfMechanism.Mx) { DomainSpec = spec, Ip4Prefix = v4, Ip6Prefix = v6 };
                    return true;

                case "ip4":
                case "ip6":
                    if (!rest.StartsWith(":", StringComparison.Ordinal)) break;
                    return TryParseNetwork(term, qualifier, name == "ip6", rest.Substring(1), out directive, out error);
            }
            error = $"'{term}' is not a valid mechanism";
            return false;
        }

        private static bool TryDomainSpec(string term, string spec, out string error)
        {
            if (SpfMacro.IsValidDomainSpec(spec, out error)) return true;
            error = $"'{term}': {error}";
            return false;
        }

        private static bool TryParseNetwork(string term, SpfResult qualifier, bool isIp6, string argument, out SpfDirective? directive, out string error)
        {
            directive = null;
            var parts = NetworkPattern.Match(argument);
            var addressText = parts.Success ? parts.Groups["address"].Value : argument;
            // IPAddress.TryParse takes shorthand such as "10.1", leading zeros and scope ids; the grammar takes none
            var looksRight = isIp6 ? Ip6Characters.IsMatch(addressText) && addressText.Contains(":") : DottedQuad.IsMatch(addressText);
            if (!parts.Success || !looksRight || !IPAddress.TryParse(addressText, out var network)
                || network.AddressFamily != (isIp6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork))
            {
                error = $"'{term}' does not hold a valid {(isIp6 ? "IPv6" : "IPv4")} network";
                return false;
            }
            if (!TryPrefix(parts.Groups["length"], isIp6 ? 128 : 32, out var prefix)) { error = $"'{term}' has an invalid prefix length"; return false; }
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
            if (!PrefixLength.IsMatch(group.Value)) return false;
            var value = int.Parse(group.Value, CultureInfo.InvariantCulture);
            if (value > max) return false;
            prefix = value;
            return true;
        }
    }
}
