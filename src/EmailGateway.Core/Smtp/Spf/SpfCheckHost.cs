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
    /// <summary>How one check_host() ended: the result, why, the deciding term and the explanation it may carry.</summary>
    internal readonly struct SpfOutcome
    {
        public SpfOutcome(SpfResult result, string reason, string? term = null, SpfExplanationSource? explanation = null)
        {
            Result = result;
            Reason = reason;
            Term = term;
            Explanation = explanation;
        }

        public SpfResult Result { get; }
        public string Reason { get; }
        public string? Term { get; }
        public SpfExplanationSource? Explanation { get; }
    }

    /// <summary>
    /// The state of one evaluation: the counters shared across include and redirect, and every DNS lookup, each
    /// preceded by the malformed-name check of sections 4.3 and 4.8 (a name that cannot be asked is treated as one
    /// that does not exist, and is never sent).
    /// </summary>
    internal sealed class SpfCheckHost
    {
        private readonly IDnsResolver dns;
        private Task<IReadOnlyList<string>>? namesForMacro;

        public SpfCheckHost(IDnsResolver dns, IPAddress client)
        {
            this.dns = dns;
            Client = client;
        }

        public IPAddress Client { get; }
        public int DnsLookups { get; private set; }
        public int VoidLookups { get; private set; }

        private bool IsIPv6 => Client.AddressFamily == AddressFamily.InterNetworkV6;
        private DnsRecordKind AddressKind => IsIPv6 ? DnsRecordKind.Aaaa : DnsRecordKind.A;

        public Task<DnsAnswer> LookupAsync(string name, DnsRecordKind kind, CancellationToken ct) =>
            DnsNames.IsWellFormedName(name, out var problem)
                ? dns.QueryAsync(name, kind, ct)
                : Task.FromResult(DnsAnswer.NameNotFound($"'{name}' is malformed and was not looked up: {problem}"));

        public async Task<SpfOutcome> CheckHostAsync(SpfMacroContext context, CancellationToken ct)
        {
            var domain = context.Domain;
            if (!IsCheckableDomain(domain, out var why)) return new SpfOutcome(SpfResult.None, $"'{SpfMacro.Printable(domain)}' {why}, so it has no SPF policy");

            var txt = await LookupAsync(domain, DnsRecordKind.Txt, ct).ConfigureAwait(false);
            if (txt.Status == DnsAnswerStatus.Failed) return new SpfOutcome(SpfResult.TempError, $"the TXT lookup of {domain} failed ({txt.Detail})");
            if (txt.Status == DnsAnswerStatus.NameNotFound) return new SpfOutcome(SpfResult.None, $"{domain} does not exist");
            var records = txt.Records.Where(SpfRecord.IsSpfRecord).ToList();
            if (records.Count == 0) return new SpfOutcome(SpfResult.None, $"{domain} publishes no SPF record");
            if (records.Count > 1) return new SpfOutcome(SpfResult.PermError, $"{domain} publishes {records.Count} SPF records; exactly one is allowed");
            if (!SpfRecord.TryParse(records[0], out var record, out var syntaxError))
                return new SpfOutcome(SpfResult.PermError, $"the SPF record of {domain} is invalid: {syntaxError}");

            foreach (var directive in record!.Directives)
            {
                if (await MatchesAsync(directive, context, ct).ConfigureAwait(false))
                    return new SpfOutcome(directive.Qualifier, $"{Client} matched '{directive.Text}' in the SPF record of {domain}", directive.Text,
                        record.Explanation == null ? null : new SpfExplanationSource(record.Explanation, context));
            }

            if (record.Redirect != null)
            {
                CountDnsLookup("redirect=" + record.Redirect);
                var target = await SpfMacro.ExpandDomainAsync(record.Redirect, context, ct).ConfigureAwait(false);
                // the target's own exp= applies, never this record's (section 6.2)
                var redirected = await CheckHostAsync(context.WithDomain(target), ct).ConfigureAwait(false);
                return redirected.Result == SpfResult.None
                    ? new SpfOutcome(SpfResult.PermError, $"redirect={record.Redirect}: {redirected.Reason}")
                    : redirected;
            }
            return new SpfOutcome(SpfResult.Neutral, $"no term of the SPF record of {domain} matched {Client}");
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
                    return InNetwork(Client, directive.Network!, prefix);

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
                    var mx = await LookupAsync(target, DnsRecordKind.Mx, ct).ConfigureAwait(false);
                    if (mx.Status == DnsAnswerStatus.Failed) throw SpfException.Temp($"the MX lookup of {target} for '{directive.Text}' failed ({mx.Detail})");
                    if (mx.IsVoid) { CountVoidLookup(target); return false; }
                    if (mx.Records.Count > SpfEvaluator.NameLookupLimit)
                        throw SpfException.Perm($"'{directive.Text}': {target} has {mx.Records.Count} MX records, more than {SpfEvaluator.NameLookupLimit}");
                    foreach (var exchange in mx.Records)
                    {
                        // a null MX (".") or a malformed exchange is a name that does not exist
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
                    var answer = await LookupAsync(target, DnsRecordKind.A, ct).ConfigureAwait(false);
                    if (answer.Status == DnsAnswerStatus.Failed) throw SpfException.Temp($"the lookup of {target} for '{directive.Text}' failed ({answer.Detail})");
                    if (answer.IsVoid) { CountVoidLookup(target); return false; }
                    return true;
                }

                case SpfMechanism.Include:
                {
                    CountDnsLookup(directive.Text);
                    var target = await SpfMacro.ExpandDomainAsync(directive.DomainSpec!, context, ct).ConfigureAwait(false);
                    // only pass matches; the included record's exp= is never used (section 5.2, 6.2)
                    var included = await CheckHostAsync(context.WithDomain(target), ct).ConfigureAwait(false);
                    switch (included.Result)
                    {
                        case SpfResult.Pass: return true;
                        case SpfResult.Fail:
                        case SpfResult.SoftFail:
                        case SpfResult.Neutral: return false;
                        case SpfResult.TempError: throw SpfException.Temp($"'{directive.Text}': {included.Reason}");
                        case SpfResult.None: throw SpfException.Perm($"'{directive.Text}': {included.Reason}");
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
            var answer = await LookupAsync(name, AddressKind, ct).ConfigureAwait(false);
            if (answer.Status == DnsAnswerStatus.Failed) throw SpfException.Temp($"the address lookup of {name} for '{term}' failed ({answer.Detail})");
            if (answer.IsVoid)
            {
                if (countVoid) CountVoidLookup(name);
                return Array.Empty<IPAddress>();
            }
            return answer.Records.Select(r => IPAddress.TryParse(r, out var a) ? a : null).Where(a => a != null).Select(a => a!).ToList();
        }

        /// <summary>
        /// The client's PTR names that resolve back to it, the first 10 only (section 5.5). A failed PTR lookup matches
        /// nothing; a name whose address lookup fails is skipped.
        /// </summary>
        private async Task<IReadOnlyList<string>> ValidatedPtrNamesAsync(bool countVoid, CancellationToken ct)
        {
            var reverseName = DnsNames.ReverseLookupName(Client);
            var ptr = await LookupAsync(reverseName, DnsRecordKind.Ptr, ct).ConfigureAwait(false);
            if (ptr.Status == DnsAnswerStatus.Failed) return Array.Empty<string>();
            if (ptr.IsVoid)
            {
                if (countVoid) CountVoidLookup(reverseName);
                return Array.Empty<string>();
            }
            var validated = new List<string>();
            foreach (var name in ptr.Records.Take(SpfEvaluator.NameLookupLimit))
            {
                var answer = await LookupAsync(name, AddressKind, ct).ConfigureAwait(false);
                if (answer.Status != DnsAnswerStatus.Found) continue;
                if (answer.Records.Any(r => IPAddress.TryParse(r, out var a) && a.Equals(Client))) validated.Add(name);
            }
            return validated;
        }

        /// <summary>%{p} (section 7.3): the validated name equal to the domain, else one below it, else any; else "unknown".</summary>
        public async Task<string> ValidatedPtrNameAsync(string domain, CancellationToken ct)
        {
            namesForMacro ??= ValidatedPtrNamesAsync(countVoid: false, ct);
            var names = await namesForMacro.ConfigureAwait(false);
            return names.FirstOrDefault(n => DnsNames.NamesEqual(n, domain))
                ?? names.FirstOrDefault(n => DnsNames.IsSameOrSubdomain(n, domain))
                ?? names.FirstOrDefault()
                ?? "unknown";
        }

        private void CountDnsLookup(string term)
        {
            if (++DnsLookups > SpfEvaluator.DnsLookupLimit)
                throw SpfException.Perm($"'{term}' exceeds the limit of {SpfEvaluator.DnsLookupLimit} DNS-querying terms");
        }

        private void CountVoidLookup(string name)
        {
            if (++VoidLookups > SpfEvaluator.VoidLookupLimit)
                throw SpfException.Perm($"the lookup of {name} is void lookup number {VoidLookups}, over the limit of {SpfEvaluator.VoidLookupLimit}");
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

        /// <summary>Section 4.3: check_host() returns none for a malformed or single-label domain, or an address literal.</summary>
        private static bool IsCheckableDomain(string domain, out string why)
        {
            if (!DnsNames.IsWellFormedName(domain, out var problem)) { why = $"is malformed ({problem})"; return false; }
            why = domain.StartsWith("[", StringComparison.Ordinal) ? "is an address literal, not a domain"
                : domain.IndexOf('.') < 0 ? "is not a fully qualified domain"
                : string.Empty;
            return why.Length == 0;
        }
    }
}
