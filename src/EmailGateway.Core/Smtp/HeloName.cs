using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace EmailGateway.Smtp
{
    /// <summary>
    /// Syntax of an SMTP greeting name (RFC 5321 section 4.1.2): a fully qualified domain name
    /// or a bracketed address literal. A bare label such as the factory <c>scmgateway</c> is refused
    /// by receivers that require an FQDN, which is the KB80406 failure.
    /// </summary>
    public static class HeloName
    {
        public const string FactoryDefault = "scmgateway";

        private static readonly Regex Ipv4Literal = new Regex(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}\z", RegexOptions.CultureInvariant);
        private static readonly Regex Ipv6Literal = new Regex(@"^[0-9A-Fa-f:.]{2,45}\z", RegexOptions.CultureInvariant);

        public static HeloVerdict Check(string? name)
        {
            var value = (name ?? string.Empty).Trim();
            if (value.Length == 0) return HeloVerdict.Invalid("the greeting is empty");
            if (value.StartsWith("[", StringComparison.Ordinal))
            {
                if (!value.EndsWith("]", StringComparison.Ordinal)) return HeloVerdict.Invalid($"'{value}' is an unterminated address literal");
                var inner = value.Substring(1, value.Length - 2);
                var tagged = inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase);
                if (tagged) inner = inner.Substring(5);
                // IPAddress.TryParse alone is too lenient: it takes "1", "0x7f.1" and IPv6 scope ids such as
                // "::1%$(reboot)", none of which RFC 5321 allows and the last of which would reach a command line.
                var shape = tagged || inner.IndexOf(':') >= 0 ? Ipv6Literal : Ipv4Literal;
                return shape.IsMatch(inner) && IPAddress.TryParse(inner, out _)
                    ? HeloVerdict.Valid(isAddressLiteral: true)
                    : HeloVerdict.Invalid($"'{value}' is not a valid address literal");
            }
            if (IPAddress.TryParse(value, out var bare) && (bare.AddressFamily == AddressFamily.InterNetworkV6 || value.Count(c => c == '.') == 3))
                return HeloVerdict.BareAddress($"'{value}' is a bare address; RFC 5321 wants it bracketed as [{value}]");
            if (string.Equals(value, FactoryDefault, StringComparison.OrdinalIgnoreCase))
                return HeloVerdict.NotQualified($"'{value}' is the appliance's factory greeting, not a fully qualified name (KB80406)");
            // RFC 5321's Domain has no root dot, and Postfix looks "name." up as written and finds nothing
            if (value.EndsWith(".", StringComparison.Ordinal)) return HeloVerdict.Invalid($"'{value}' ends with a dot; an SMTP greeting names the host without the root dot");
            var name253 = value;
            if (name253.Length > 253) return HeloVerdict.Invalid($"'{value}' is longer than 253 characters");
            var labels = name253.Split('.');
            foreach (var label in labels)
            {
                if (label.Length == 0) return HeloVerdict.Invalid($"'{value}' has an empty label");
                if (label.Length > 63) return HeloVerdict.Invalid($"'{value}' has a label longer than 63 characters");
                if (!label.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '-')))
                    return HeloVerdict.Invalid($"'{value}' contains a character not allowed in a host name");
                if (label.StartsWith("-", StringComparison.Ordinal) || label.EndsWith("-", StringComparison.Ordinal))
                    return HeloVerdict.Invalid($"'{value}' has a label that starts or ends with '-'");
            }
            if (labels.Length < 2) return HeloVerdict.NotQualified($"'{value}' is a bare label, not a fully qualified domain name");
            if (labels[labels.Length - 1].All(char.IsDigit)) return HeloVerdict.Invalid($"'{value}' ends in a numeric label");
            return HeloVerdict.Valid(isAddressLiteral: false);
        }
    }

    public enum HeloSyntax
    {
        Fqdn,
        AddressLiteral,
        NotFullyQualified,
        Invalid,
    }

    public sealed class HeloVerdict
    {
        private HeloVerdict(HeloSyntax syntax, string reason, bool isBareAddress = false)
        {
            Syntax = syntax;
            Reason = reason;
            IsBareAddress = isBareAddress;
        }

        public HeloSyntax Syntax { get; }
        public string Reason { get; }
        public bool IsValid => Syntax == HeloSyntax.Fqdn || Syntax == HeloSyntax.AddressLiteral;

        /// <summary>An IP address without brackets: invalid for RFC 5321; Postfix answers it as a non-FQDN (504), not as malformed.</summary>
        public bool IsBareAddress { get; }

        internal static HeloVerdict Valid(bool isAddressLiteral) =>
            new HeloVerdict(isAddressLiteral ? HeloSyntax.AddressLiteral : HeloSyntax.Fqdn, string.Empty);

        internal static HeloVerdict NotQualified(string reason) => new HeloVerdict(HeloSyntax.NotFullyQualified, reason);
        internal static HeloVerdict Invalid(string reason) => new HeloVerdict(HeloSyntax.Invalid, reason);
        internal static HeloVerdict BareAddress(string reason) => new HeloVerdict(HeloSyntax.Invalid, reason, isBareAddress: true);
    }
}
