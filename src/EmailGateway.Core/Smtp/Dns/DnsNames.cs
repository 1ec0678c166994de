using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmailGateway.Smtp.Dns
{
    /// <summary>Small name helpers shared by the resolver, SPF and the checks.</summary>
    public static class DnsNames
    {
        /// <summary>The in-addr.arpa or ip6.arpa name whose PTR names the address.</summary>
        public static string ReverseLookupName(IPAddress address)
        {
            if (address == null) throw new ArgumentNullException(nameof(address));
            address = Normalize(address);
            var bytes = address.GetAddressBytes();
            if (address.AddressFamily == AddressFamily.InterNetwork)
                return string.Join(".", Enumerable.Reverse(bytes).Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ".in-addr.arpa";
            var nibbles = new StringBuilder();
            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                nibbles.Append("0123456789abcdef"[bytes[i] & 0xF]).Append('.');
                nibbles.Append("0123456789abcdef"[bytes[i] >> 4]).Append('.');
            }
            return nibbles + "ip6.arpa";
        }

        /// <summary>An IPv4-mapped IPv6 address is the IPv4 client it stands for (RFC 7208 section 5).</summary>
        public static IPAddress Normalize(IPAddress address) =>
            address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

        public static string TrimTrailingDot(string name) =>
            name.EndsWith(".", StringComparison.Ordinal) ? name.Substring(0, name.Length - 1) : name;

        public static bool NamesEqual(string left, string right) =>
            string.Equals(TrimTrailingDot(left), TrimTrailingDot(right), StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Whether a name can be asked in a DNS query (RFC 1035 section 2.3.4): at most 253 characters without the root
        /// dot, no empty label, no label longer than 63 octets. Nothing else is checked: DNS labels may hold any octet.
        /// </summary>
        public static bool IsWellFormedName(string? name, out string problem)
        {
            var trimmed = TrimTrailingDot(name ?? string.Empty);
            problem = trimmed.Length == 0 ? "the name is empty"
                : trimmed.Length > 253 ? $"the name is longer than 253 characters ({trimmed.Length})"
                : trimmed.Split('.').Any(l => l.Length == 0) ? "the name has an empty label"
                : trimmed.Split('.').Any(l => Encoding.UTF8.GetByteCount(l) > 63) ? "the name has a label longer than 63 octets"
                : string.Empty;
            return problem.Length == 0;
        }

        /// <summary>True when <paramref name="name"/> is <paramref name="domain"/> or lies below it.</summary>
        public static bool IsSameOrSubdomain(string name, string domain)
        {
            var n = TrimTrailingDot(name);
            var d = TrimTrailingDot(domain);
            return string.Equals(n, d, StringComparison.OrdinalIgnoreCase)
                || n.EndsWith("." + d, StringComparison.OrdinalIgnoreCase);
        }
    }
}
