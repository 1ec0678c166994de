using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Spf
{
    /// <summary>What the macro letters of RFC 7208 section 7 stand for during one evaluation.</summary>
    internal sealed class SpfMacroContext
    {
        public SpfMacroContext(IPAddress client, string sender, string domain, string heloName, Func<string, CancellationToken, Task<string>> validatedPtrName)
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

        /// <summary>%{p} for a given current domain.</summary>
        public Func<string, CancellationToken, Task<string>> ValidatedPtrName { get; }

        public SpfMacroContext WithDomain(string domain) => new SpfMacroContext(Client, Sender, domain, HeloName, ValidatedPtrName);
    }

    /// <summary>Macro syntax check and expansion (RFC 7208 section 7). Letters c, r and t exist only in explanations.</summary>
    internal static class SpfMacro
    {
        private const string Delimiters = ".-+,/_=";
        private const int MaxDomainLength = 253;

        // toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
        private static readonly Regex TopLabel = new Regex(@"\A(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9\-]*[A-Za-z0-9])\z", RegexOptions.CultureInvariant);

        public static bool IsValid(string text, bool inExplanation, out string error)
        {
            foreach (var part in Tokens(text, inExplanation))
            {
                if (part.Error != null) { error = part.Error; return false; }
            }
            error = string.Empty;
            return true;
        }

        /// <summary>
        /// domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand (section 7.1).
        /// Checked on the text as written, never after expansion.
        /// </summary>
        public static bool IsValidDomainSpec(string spec, out string error)
        {
            if (spec.Length == 0) { error = "a domain-spec is empty"; return false; }
            var tokens = Tokens(spec, inExplanation: false).ToList();
            var failed = tokens.FirstOrDefault(t => t.Error != null);
            if (failed != null) { error = failed.Error!; return false; }
            error = string.Empty;
            if (tokens[tokens.Count - 1].IsExpand) return true;
            // the literal tail after the last macro, where "." toplabel [ "." ] must be
            var tail = string.Concat(tokens.Skip(tokens.FindLastIndex(t => t.IsExpand) + 1).Select(t => t.Literal));
            if (tail.EndsWith(".", StringComparison.Ordinal)) tail = tail.Substring(0, tail.Length - 1);
            var dot = tail.LastIndexOf('.');
            if (dot >= 0 && TopLabel.IsMatch(tail.Substring(dot + 1))) return true;
            error = $"'{spec}' does not end in a top-level label (letters, digits and inner dashes, not all digits) or a macro";
            return false;
        }

        /// <summary>A domain-spec expanded into a name to look up: no root dot, left labels dropped past 253 characters (section 7.3).</summary>
        public static async Task<string> ExpandDomainAsync(string domainSpec, SpfMacroContext context, CancellationToken cancellationToken)
        {
            var expanded = DnsNames.TrimTrailingDot(await ExpandAsync(domainSpec, context, inExplanation: false, cancellationToken).ConfigureAwait(false));
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
                if (token.Letter == '\0') { result.Append(token.Literal); continue; }

                var value = await LetterValueAsync(char.ToLowerInvariant(token.Letter), context, cancellationToken).ConfigureAwait(false);
                var parts = value.Split(token.Delimiters.Length == 0 ? new[] { '.' } : token.Delimiters.ToCharArray());
                if (token.Reverse) Array.Reverse(parts);
                if (token.Count.HasValue && token.Count.Value < parts.Length) parts = parts.Skip(parts.Length - token.Count.Value).ToArray();
                var joined = string.Join(".", parts);
                // an upper-case letter asks for URL escaping of everything outside the unreserved set (section 7.3)
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
                case 'p': return await context.ValidatedPtrName(context.Domain, cancellationToken).ConfigureAwait(false);
                case 'c': return context.Client.ToString();
                case 'r': return "unknown";
                case 't': return DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                default: throw SpfException.Perm($"unknown macro letter '{letter}'");
            }
        }

        /// <summary>
        /// %{i}: the dotted quad for IPv4; for IPv6 the 32 nibbles, dot-separated. The RFC leaves the nibbles' case
        /// open; they are written in upper case as other SPF implementations write them, which shows in explanations
        /// (DNS itself ignores case).
        /// </summary>
        private static string DottedAddress(IPAddress address)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork) return address.ToString();
            const string hex = "0123456789ABCDEF";
            return string.Join(".", address.GetAddressBytes().SelectMany(b => new[] { hex[b >> 4], hex[b & 0xF] }));
        }

        private sealed class Token
        {
            public string Literal = string.Empty;
            public string? Error;
            public char Letter;
            public int? Count;
            public bool Reverse;
            public string Delimiters = string.Empty;

            /// <summary>A macro-expand of the grammar: a letter macro, or "%%", "%_", "%-".</summary>
            public bool IsExpand;
        }

        private static IEnumerable<Token> Tokens(string text, bool inExplanation)
        {
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c != '%')
                {
                    // macro-literal is visible ASCII; an explanation may also hold spaces (section 6.2, 7.1)
                    if (c > 0x7E || c < 0x20 || (c == ' ' && !inExplanation))
                    {
                        yield return new Token { Error = $"'{Printable(text)}' contains a character not allowed in a macro string" };
                        yield break;
                    }
                    yield return new Token { Literal = c.ToString() };
                    i++;
                    continue;
                }
                if (i + 1 >= text.Length) { yield return new Token { Error = $"'{Printable(text)}' ends with a lone '%'" }; yield break; }
                var next = text[i + 1];
                var escaped = next == '%' ? "%" : next == '_' ? " " : next == '-' ? "%20" : null;
                if (escaped != null) { yield return new Token { Literal = escaped, IsExpand = true }; i += 2; continue; }
                if (next != '{') { yield return new Token { Error = $"'{Printable(text)}' has '%' not followed by '{{', '%', '_' or '-'" }; yield break; }
                var close = text.IndexOf('}', i + 2);
                if (close < 0) { yield return new Token { Error = $"'{Printable(text)}' has an unterminated macro" }; yield break; }
                var token = ParseMacroBody(text.Substring(i + 2, close - i - 2), inExplanation);
                yield return token;
                if (token.Error != null) yield break;
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
            while (j < body.Length && body[j] >= '0' && body[j] <= '9') j++;
            var digits = body.Substring(1, j - 1);
            var reverse = false;
            if (j < body.Length && (body[j] == 'r' || body[j] == 'R')) { reverse = true; j++; }
            var delimiters = body.Substring(j);
            if (delimiters.Any(d => Delimiters.IndexOf(d) < 0)) return new Token { Error = $"'%{{{body}}}' has an invalid delimiter" };
            int? count = null;
            if (digits.Length > 0)
            {
                // more parts than there are means all of them; zero is not allowed (section 7.3)
                count = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
                if (count == 0) return new Token { Error = $"'%{{{body}}}' asks for zero labels" };
            }
            return new Token { Letter = letter, Count = count, Reverse = reverse, Delimiters = delimiters, IsExpand = true };
        }

        /// <summary>Text for a message, with control and non-ASCII characters shown as escapes.</summary>
        internal static string Printable(string text) =>
            string.Concat(text.Select(c => c >= 0x20 && c <= 0x7E ? c.ToString() : $"\\x{(int)c:X2}"));
    }
}
