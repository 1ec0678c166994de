using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Spf
{
    /// <summary>What the macro letters of RFC 7208 section 7 stand for during one evaluation.</summary>
    internal sealed class SpfMacroContext
    {
        public SpfMacroContext(IPAddress client, string sender, string domain, string heloName, Func<CancellationToken, Task<string>> validatedPtrName)
        {
            Client = client;
            Sender = sender;
            Domain = domain;
            HeloName = heloName;
            ValidatedPtrName = validatedPtrName;
        }

        public IPAddress Client { get; }
        public string Sender { get; }
        public string Domain { get; }
        public string HeloName { get; }
        public Func<CancellationToken, Task<string>> ValidatedPtrName { get; }

        public SpfMacroContext WithDomain(string domain) => new SpfMacroContext(Client, Sender, domain, HeloName, ValidatedPtrName);
    }

    /// <summary>Macro syntax check and expansion (RFC 7208 section 7). Letters c, r and t exist only in explanations.</summary>
    internal static class SpfMacro
    {
        private const string Delimiters = ".-+,/_=";
        private const int MaxDomainLength = 253;

        public static bool IsValid(string text, bool inExplanation, out string error)
        {
            foreach (var part in Tokens(text, inExplanation))
            {
                if (part.Error != null) { error = part.Error; return false; }
            }
            error = string.Empty;
            return true;
        }

        /// <summary>True when the domain-spec ends as RFC 7208 requires: in a macro or in "." toplabel.</summary>
        public static bool HasValidDomainEnd(string domainSpec)
        {
            if (domainSpec.EndsWith("}", StringComparison.Ordinal) && domainSpec.LastIndexOf("%{", StringComparison.Ordinal) >= 0) return true;
            var spec = DnsNames.TrimTrailingDot(domainSpec);
            var dot = spec.LastIndexOf('.');
            if (dot <= 0) return false;
            var top = spec.Substring(dot + 1);
            return top.Length > 0
                && top.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '-'))
                && char.IsLetterOrDigit(top[0]) && char.IsLetterOrDigit(top[top.Length - 1])
                && top.Any(char.IsLetter);
        }

        public static async Task<string> ExpandDomainAsync(string domainSpec, SpfMacroContext context, CancellationToken cancellationToken)
        {
            var expanded = DnsNames.TrimTrailingDot(await ExpandAsync(domainSpec, context, inExplanation: false, cancellationToken).ConfigureAwait(false));
            // Section 7.3: drop left-hand labels until the name fits
            while (expanded.Length > MaxDomainLength)
            {
                var dot = expanded.IndexOf('.');
                if (dot < 0) break;
                expanded = expanded.Substring(dot + 1);
            }
            return expanded;
        }

        public static async Task<string> ExpandAsync(string text, SpfMacroContext context, bool inExplanation, CancellationToken cancellationToken)
        {
            var result = new StringBuilder();
            foreach (var token in Tokens(text, inExplanation))
            {
                if (token.Error != null) throw SpfException.Perm(token.Error);
                if (token.Literal != null) { result.Append(token.Literal); continue; }

                var value = await LetterValueAsync(char.ToLowerInvariant(token.Letter), context, cancellationToken).ConfigureAwait(false);
                var parts = value.Split(token.Delimiters.Length == 0 ? new[] { '.' } : token.Delimiters.ToCharArray());
                if (token.Reverse) Array.Reverse(parts);
                if (token.Count.HasValue && token.Count.Value < parts.Length) parts = parts.Skip(parts.Length - token.Count.Value).ToArray();
                var joined = string.Join(".", parts);
                result.Append(char.IsUpper(token.Letter) ? Uri.EscapeDataString(joined) : joined);
            }
            return result.ToString();
        }

        private static async Task<string> LetterValueAsync(char letter, SpfMacroContext context, CancellationToken cancellationToken)
        {
            switch (letter)
            {
                case 's': return context.Sender;
                case 'l': return context.Sender.Substring(0, context.Sender.LastIndexOf('@'));
                case 'o': return context.Sender.Substring(context.Sender.LastIndexOf('@') + 1);
                case 'd': return context.Domain;
                case 'h': return context.HeloName;
                case 'i': return DottedAddress(context.Client);
                case 'v': return context.Client.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "in-addr";
                case 'p': return await context.ValidatedPtrName(cancellationToken).ConfigureAwait(false);
                case 'c': return context.Client.ToString();
                case 'r': return "unknown";
                case 't': return DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                default: throw SpfException.Perm($"unknown macro letter '{letter}'");
            }
        }

        /// <summary>%{i}: dotted quad for IPv4, 32 dot-separated nibbles for IPv6.</summary>
        private static string DottedAddress(IPAddress address)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork) return address.ToString();
            return string.Join(".", address.GetAddressBytes().SelectMany(b => new[] { "0123456789abcdef"[b >> 4], "0123456789abcdef"[b & 0xF] }));
        }

        private sealed class Token
        {
            public string? Literal;
            public string? Error;
            public char Letter;
            public int? Count;
            public bool Reverse;
            public string Delimiters = string.Empty;
        }

        private static System.Collections.Generic.IEnumerable<Token> Tokens(string text, bool inExplanation)
        {
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c != '%')
                {
                    if (!inExplanation && (c < 0x21 || c > 0x7E)) { yield return new Token { Error = $"'{text}' contains a character not allowed in a macro string" }; yield break; }
                    yield return new Token { Literal = c.ToString() };
                    i++;
                    continue;
                }
                if (i + 1 >= text.Length) { yield return new Token { Error = $"'{text}' ends with a lone '%'" }; yield break; }
                var next = text[i + 1];
                if (next == '%') { yield return new Token { Literal = "%" }; i += 2; continue; }
                if (next == '_') { yield return new Token { Literal = " " }; i += 2; continue; }
                if (next == '-') { yield return new Token { Literal = "%20" }; i += 2; continue; }
                if (next != '{') { yield return new Token { Error = $"'{text}' has '%' not followed by '{{', '%', '_' or '-'" }; yield break; }
                var close = text.IndexOf('}', i + 2);
                if (close < 0) { yield return new Token { Error = $"'{text}' has an unterminated macro" }; yield break; }
                var body = text.Substring(i + 2, close - i - 2);
                var token = ParseMacroBody(body, inExplanation);
                if (token.Error != null) { yield return token; yield break; }
                yield return token;
                i = close + 1;
            }
        }

        private static Token ParseMacroBody(string body, bool inExplanation)
        {
            if (body.Length == 0) return new Token { Error = "empty macro %{}" };
            var letter = body[0];
            var lower = char.ToLowerInvariant(letter);
            if ("slodiphv".IndexOf(lower) < 0 && !(inExplanation && "crt".IndexOf(lower) >= 0))
                return new Token { Error = $"'%{{{body}}}' uses a macro letter not allowed here" };
            var j = 1;
            var digits = new StringBuilder();
            while (j < body.Length && char.IsDigit(body[j])) digits.Append(body[j++]);
            var reverse = false;
            if (j < body.Length && (body[j] == 'r' || body[j] == 'R')) { reverse = true; j++; }
            var delimiters = body.Substring(j);
            if (delimiters.Any(d => Delimiters.IndexOf(d) < 0)) return new Token { Error = $"'%{{{body}}}' has an invalid delimiter" };
            int? count = null;
            if (digits.Length > 0)
            {
                if (!int.TryParse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n == 0)
                    return new Token { Error = $"'%{{{body}}}' has a zero or oversized label count" };
                count = n;
            }
            return new Token { Letter = letter, Count = count, Reverse = reverse, Delimiters = delimiters };
        }
    }
}
