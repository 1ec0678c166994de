using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Spf
{
    /// <summary>
    /// RFC 7208 check_host() over <see cref="IDnsResolver"/>: mechanisms all, include, a, mx, ptr, ip4, ip6, exists;
    /// the redirect modifier; qualifiers; macros; the limit of 10 DNS-querying terms and of 2 void lookups.
    /// The exp modifier is parsed but its explanation is not fetched: receivers' replies carry their own text.
    /// </summary>
    public sealed class SpfEvaluator
    {
        public const int DnsLookupLimit = 10;
        public const int VoidLookupLimit = 2;
        public const int NameLookupLimit = 10;

        private readonly IDnsResolver dns;

        public SpfEvaluator(IDnsResolver dns)
        {
            this.dns = dns ?? throw new ArgumentNullException(nameof(dns));
        }

        /// <summary>The HELO identity (RFC 7208 section 2.3): the domain is the greeting, the sender postmaster@greeting.</summary>
        public Task<SpfEvaluation> CheckHeloAsync(IPAddress client, string heloName, CancellationToken cancellationToken) =>
            CheckHostAsync(client, heloName, "postmaster@" + heloName, heloName, cancellationToken);

        /// <summary>
        /// The MAIL FROM identity (RFC 7208 section 2.4): the domain of the reverse-path, or for the null reverse-path
        /// the HELO name, as postmaster@HELO.
        /// </summary>
        public Task<SpfEvaluation> CheckMailFromAsync(IPAddress client, string mailFrom, string heloName, CancellationToken cancellationToken)
        {
            var sender = string.IsNullOrEmpty(mailFrom) ? "postmaster@" + heloName : mailFrom;
            var at = sender.LastIndexOf('@');
            return CheckHostAsync(client, at < 0 ? sender : sender.Substring(at + 1), sender, heloName, cancellationToken);
        }

        public async Task<SpfEvaluation> CheckHostAsync(IPAddress client, string domain, string sender, string heloName, CancellationToken cancellationToken)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            domain = DnsNames.TrimTrailingDot((domain ?? string.Empty).Trim());
            if (string.IsNullOrEmpty(sender) || sender.IndexOf('@') < 0) sender = "postmaster@" + domain;
            var evaluation = new Evaluation(dns, DnsNames.Normalize(client), heloName ?? string.Empty);
            var context = new SpfMacroContext(evaluation.Client, sender, domain, heloName ?? string.Empty, evaluation.ValidatedPtrNameAsync);
            try
            {
                var outcome = await evaluation.CheckHostAsync(context, cancellationToken).ConfigureAwait(false);
                return new SpfEvaluation(outcome.Result, domain, outcome.Reason, outcome.Term, evaluation.DnsLookups, evaluation.VoidLookups);
            }
            catch (SpfException ex)
            {
                return new SpfEvaluation(ex.Result, domain, ex.Message, null, evaluation.DnsLookups, evaluation.VoidLookups);
            }
        }

        private readonly struct Outcome
        {
            public Outcome(SpfResult result, string reason, string? term = null)
            {
                Result = result;
                Reason = reason;
                Term = term;
            }

            public SpfResult Result { get; }
            public string Reason { get; }
            public string? Term { get; }
        }

        /// <summary>The state of one evaluation: counters shared across include and redirect.</summary>
        private sealed class Evaluation
        {
            private readonly IDnsResolver dns;

            public Evaluation(IDnsResolver dns, IPAddress client, string heloName)
            {
                this.dns = dns;
                Client = client;
                HeloName = heloName;
            }

            public IPAddress Client { get; }
            public string HeloName { get; }
            public int DnsLookups { get; private set; }
            public int VoidLookups { get; private set; }

            private bool IsIPv6 => Client.AddressFamily == AddressFamily.InterNetworkV6;

            public async Task<Outcome> CheckHostAsync(SpfMacroContext context, CancellationToken ct)
            {
                var domain = context.Domain;
                if (!IsMultiLabelDomain(domain)) return new Outcome(SpfResult.None, $"'{domain}' is not a fully qualified domain, so it has no SPF policy");

                var txt = await dns.QueryAsync(domain, DnsRecordKind.Txt, ct).ConfigureAwait(false);
                if (txt.Status == DnsAnswerStatus.Failed) return new Outcome(SpfResult.TempError, $"the TXT lookup of {domain} failed ({txt.Detail})");
                if (txt.Status == DnsAnswerStatus.NameNotFound) return new Outcome(SpfResult.None, $"{domain} does not exist");
                var records = txt.Records.Where(SpfRecord.IsSpfRecord).ToList();
                if (records.Count == 0) return new Outcome(SpfResult.None, $"{domain} publishes no SPF record");
                if (records.Count > 1) return new Outcome(SpfResult.PermError, $"{domain} publishes {records.Count} SPF records; exactly one is allowed");
                if (!SpfRecord.TryParse(records[0], out var record, out var syntaxError))
                    return new Outcome(SpfResult.PermError, $"the SPF record of {domain} is invalid: {syntaxError}");

                foreach (var directive in record!.Directives)
                {
                    if (await MatchesAsync(directive, context, ct).ConfigureAwait(false))
                        return new Outcome(directive.Qualifier, $"{Client} matched '{directive.Text}' in the SPF record of {domain}", directive.Text);
                }

                if (record.Redirect != null)
                {
                    CountDnsLookup("redirect=" + record.Redirect);
                    var target = await SpfMacro.ExpandDomainAsync(record.Redirect, context, ct).ConfigureAwait(false);
                    if (!IsMultiLabelDomain(target)) throw SpfException.Perm($"redirect={record.Redirect} names no valid domain");
                    var redirected = await CheckHostAsync(context.WithDomain(target), ct).ConfigureAwait(false);
                    return redirected.Result == SpfResult.None
                        ? new Outcome(SpfResult.PermError, $"redirect to {target}, which has no SPF record")
                        : redirected;
                }
                return new Outcome(SpfResult.Neutral, $"no term of the SPF record of {domain} matched {Client}");
            }

            private async Task<bool> MatchesAsync(SpfDirective directive, SpfMacroContext context, CancellationToken ct)
            {
                switch (directive.Mechanism)
                {
                    case SpfMechanism.All:
                        return true;

                    case SpfMechanism.Ip4:
                    case SpfMechanism.Ip6:
                        var prefix = directive.Mechanism == SpfMechanism.Ip4 ? directive.Ip4Prefix : directive.Ip6Prefix;
                        return directive.Network!.AddressFamily == Client.AddressFamily && InNetwork(Client, directive.Network, prefix);

                    case SpfMechanism.A:
                    {
                        CountDnsLookup(directive.Text);
                        var target = await TargetAsync(directive, context, ct).ConfigureAwait(false);
                        var addresses = await AddressesAsync(target, directive.Text, countVoid: true, ct).ConfigureAwait(false);
                        return addresses.Any(a => InNetwork(Client, a, IsIPv6 ? directive.Ip6Prefix : directive.Ip4Prefix));
                    }

                    case SpfMechanism.Mx:
                    {
                        CountDnsLookup(directive.Text);
                        var target = await TargetAsync(directive, context, ct).ConfigureAwait(false);
                        var mx = await dns.QueryAsync(target, DnsRecordKind.Mx, ct).ConfigureAwait(false);
                        if (mx.Status == DnsAnswerStatus.Failed) throw SpfException.Temp($"the MX lookup of {target} for '{directive.Text}' failed ({mx.Detail})");
                        if (mx.IsVoid) { CountVoidLookup(target); return false; }
                        if (mx.Records.Count > NameLookupLimit) throw SpfException.Perm($"'{directive.Text}': {target} has {mx.Records.Count} MX records, more than {NameLookupLimit}");
                        foreach (var exchange in mx.Records)
                        {
                            var addresses = await AddressesAsync(exchange, directive.Text, countVoid: false, ct).ConfigureAwait(false);
                            if (addresses.Any(a => InNetwork(Client, a, IsIPv6 ? directive.Ip6Prefix : directive.Ip4Prefix))) return true;
                        }
                        return false;
                    }

                    case SpfMechanism.Ptr:
                    {
                        CountDnsLookup(directive.Text);
                        var target = await TargetAsync(directive, context, ct).ConfigureAwait(false);
                        var names = await ValidatedPtrNamesAsync(countVoid: true, ct).ConfigureAwait(false);
                        return names.Any(n => DnsNames.IsSameOrSubdomain(n, target));
                    }

                    case SpfMechanism.Exists:
                    {
                        CountDnsLookup(directive.Text);
                        var target = await SpfMacro.ExpandDomainAsync(directive.DomainSpec!, context, ct).ConfigureAwait(false);
                        // exists always asks for A, whatever the client's address family (section 5.7)
                        var answer = await dns.QueryAsync(target, DnsRecordKind.A, ct).ConfigureAwait(false);
                        if (answer.Status == DnsAnswerStatus.Failed) throw SpfException.Temp($"the lookup of {target} for '{directive.Text}' failed ({answer.Detail})");
                        if (answer.IsVoid) { CountVoidLookup(target); return false; }
                        return true;
                    }

                    case SpfMechanism.Include:
                    {
                        CountDnsLookup(directive.Text);
                        var target = await SpfMacro.ExpandDomainAsync(directive.DomainSpec!, context, ct).ConfigureAwait(false);
                        var included = await CheckHostAsync(context.WithDomain(target), ct).ConfigureAwait(false);
                        switch (included.Result)
                        {
                            case SpfResult.Pass: return true;
                            case SpfResult.Fail:
                            case SpfResult.SoftFail:
                            case SpfResult.Neutral: return false;
                            case SpfResult.TempError: throw SpfException.Temp($"'{directive.Text}': {included.Reason}");
                            case SpfResult.None: throw SpfException.Perm($"'{directive.Text}': {target} has no SPF record");
                            default: throw SpfException.Perm($"'{directive.Text}': {included.Reason}");
                        }
                    }
                }
                throw SpfException.Perm($"'{directive.Text}' is not supported");
            }

            private async Task<string> TargetAsync(SpfDirective directive, SpfMacroContext context, CancellationToken ct) =>
                directive.DomainSpec == null ? context.Domain : await SpfMacro.ExpandDomainAsync(directive.DomainSpec, context, ct).ConfigureAwait(false);

            private async Task<IReadOnlyList<IPAddress>> AddressesAsync(string name, string term, bool countVoid, CancellationToken ct)
            {
                var answer = await dns.QueryAsync(name, IsIPv6 ? DnsRecordKind.Aaaa : DnsRecordKind.A, ct).ConfigureAwait(false);
                if (answer.Status == DnsAnswerStatus.Failed) throw SpfException.Temp($"the address lookup of {name} for '{term}' failed ({answer.Detail})");
                if (answer.IsVoid)
                {
                    if (countVoid) CountVoidLookup(name);
                    return Array.Empty<IPAddress>();
                }
                return answer.Records.Select(r => IPAddress.TryParse(r, out var a) ? a : null).Where(a => a != null).Select(a => a!).ToList();
            }

            /// <summary>PTR names of the client that resolve back to it (section 5.5). A failed PTR lookup matches nothing.</summary>
            private async Task<IReadOnlyList<string>> ValidatedPtrNamesAsync(bool countVoid, CancellationToken ct)
            {
                var ptr = await dns.QueryAsync(DnsNames.ReverseLookupName(Client), DnsRecordKind.Ptr, ct).ConfigureAwait(false);
                if (ptr.Status == DnsAnswerStatus.Failed) return Array.Empty<string>();
                if (ptr.IsVoid)
                {
                    if (countVoid) CountVoidLookup(DnsNames.ReverseLookupName(Client));
                    return Array.Empty<string>();
                }
                var validated = new List<string>();
                foreach (var name in ptr.Records.Take(NameLookupLimit))
                {
                    var answer = await dns.QueryAsync(name, IsIPv6 ? DnsRecordKind.Aaaa : DnsRecordKind.A, ct).ConfigureAwait(false);
                    if (answer.Status != DnsAnswerStatus.Found) continue;
                    if (answer.Records.Any(r => IPAddress.TryParse(r, out var a) && a.Equals(Client))) validated.Add(name);
                }
                return validated;
            }

            /// <summary>%{p}: the validated name equal to, or else below, the domain; else any validated name; else "unknown".</summary>
            public async Task<string> ValidatedPtrNameAsync(CancellationToken ct) =>
                (await ValidatedPtrNamesAsync(countVoid: false, ct).ConfigureAwait(false)).FirstOrDefault() ?? "unknown";

            private void CountDnsLookup(string term)
            {
                if (++DnsLookups > DnsLookupLimit)
                    throw SpfException.Perm($"'{term}' exceeds the limit of {DnsLookupLimit} DNS-querying terms");
            }

            private void CountVoidLookup(string name)
            {
                if (++VoidLookups > VoidLookupLimit)
                    throw SpfException.Perm($"the lookup of {name} is void lookup number {VoidLookups}, over the limit of {VoidLookupLimit}");
            }
        }

        private static bool InNetwork(IPAddress address, IPAddress network, int? prefixLength)
        {
            if (address.AddressFamily != network.AddressFamily) return false;
            var a = address.GetAddressBytes();
            var n = network.GetAddressBytes();
            var bits = prefixLength ?? a.Length * 8;
            for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
            {
                var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
                if ((a[i] & mask) != (n[i] & mask)) return false;
            }
            return true;
        }

        /// <summary>Section 4.3: check_host() returns none for a malformed or single-label domain.</summary>
        internal static bool IsMultiLabelDomain(string domain)
        {
            var name = DnsNames.TrimTrailingDot(domain);
            if (name.Length == 0 || name.Length > 253) return false;
            var labels = name.Split('.');
            return labels.Length >= 2 && labels.All(l => l.Length > 0 && l.Length <= 63);
        }
    }
}
