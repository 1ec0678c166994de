using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Smtp.Dns;
using EmailGateway.Smtp.Spf;

namespace EmailGateway.Smtp
{
    /// <summary>
    /// Checks a greeting the way receiving servers do: RFC 5321 syntax, the name in DNS (and whether it includes
    /// the sending address), forward-confirmed reverse DNS of the address, SPF for the HELO identity, and, when a
    /// probe server is given, a live EHLO. Returns one result with each verdict and the overall decision.
    /// </summary>
    public sealed class GreetingChecker
    {
        private readonly IDnsResolver dns;
        private readonly ISmtpGreetingProbe probe;

        public GreetingChecker(IDnsResolver dns, ISmtpGreetingProbe? probe = null)
        {
            this.dns = dns ?? throw new ArgumentNullException(nameof(dns));
            this.probe = probe ?? new MailKitGreetingProbe();
        }

        /// <summary>A checker asking the options' DNS server (or the machine's resolvers) with the options' timeout.</summary>
        public static GreetingChecker Create(GreetingCheckOptions options) =>
            new GreetingChecker(new DnsClientResolver(options.DnsServer, options.Timeout), new MailKitGreetingProbe());

        /// <summary>Syntax only: what the consistency rules apply to every node without touching the network.</summary>
        public static HeloVerdict CheckSyntax(string? heloName) => HeloName.Check(heloName);

        /// <summary>The DNS checks for a node's greeting and address (syntax, DNS, FCrDNS, SPF), without a probe.</summary>
        public Task<SmtpGreetingResult> CheckDnsAsync(string heloName, IPAddress sendingAddress, CancellationToken cancellationToken) =>
            CheckAsync(heloName, sendingAddress, null, cancellationToken);

        public async Task<SmtpGreetingResult> CheckAsync(string heloName, IPAddress sendingAddress, GreetingCheckOptions? options, CancellationToken cancellationToken)
        {
            if (sendingAddress == null) throw new ArgumentNullException(nameof(sendingAddress));
            var name = (heloName ?? string.Empty).Trim();
            var address = DnsNames.Normalize(sendingAddress);
            var checks = new List<GreetingCheckVerdict>();

            var syntax = HeloName.Check(name);
            var syntaxRejection = ReceiverRules.SyntaxRejection(name, syntax);
            checks.Add(new GreetingCheckVerdict(GreetingCheck.Syntax, syntax.IsValid ? CheckOutcome.Pass : CheckOutcome.Fail,
                syntax.IsValid ? (syntax.Syntax == HeloSyntax.AddressLiteral ? "an address literal" : "a fully qualified domain name") : syntax.Reason));

            HeloNameLookup? lookup = null;
            SpfEvaluation? spf = null;
            IReadOnlyList<string> ptrNames = Array.Empty<string>();
            ReceiverReply? rejection = syntaxRejection;

            if (syntaxRejection != null)
            {
                const string why = "not looked at: receivers refuse the greeting's syntax first";
                checks.Add(new GreetingCheckVerdict(GreetingCheck.Dns, CheckOutcome.Skipped, why));
                checks.Add(new GreetingCheckVerdict(GreetingCheck.ForwardConfirmedReverseDns, CheckOutcome.Skipped, why));
                checks.Add(new GreetingCheckVerdict(GreetingCheck.Spf, CheckOutcome.Skipped, why));
            }
            else
            {
                var reverse = CheckReverseDnsAsync(address, cancellationToken);
                if (syntax.Syntax == HeloSyntax.AddressLiteral)
                {
                    checks.Add(new GreetingCheckVerdict(GreetingCheck.Dns, CheckOutcome.Skipped, "an address literal names no host to look up"));
                    var (reverseVerdict, names) = await reverse.ConfigureAwait(false);
                    checks.Add(reverseVerdict);
                    ptrNames = names;
                    checks.Add(new GreetingCheckVerdict(GreetingCheck.Spf, CheckOutcome.Skipped, "SPF applies to the HELO identity only when it is a domain name (RFC 7208 section 2.3)"));
                }
                else
                {
                    var lookupTask = LookupHeloNameAsync(name, cancellationToken);
                    var spfTask = new SpfEvaluator(dns, SpfTimeLimit(options)).CheckHeloAsync(address, name, cancellationToken);
                    lookup = await lookupTask.ConfigureAwait(false);
                    checks.Add(DnsVerdict(name, address, lookup));
                    var (reverseVerdict, names) = await reverse.ConfigureAwait(false);
                    checks.Add(reverseVerdict);
                    ptrNames = names;
                    spf = await spfTask.ConfigureAwait(false);
                    checks.Add(new GreetingCheckVerdict(GreetingCheck.Spf, SpfOutcome(spf.Result), spf.ToString()));
                    rejection = ReceiverRules.UnknownHostnameRejection(name, lookup) ?? ReceiverRules.SpfRejection(name, spf.Result, spf.Explanation);
                }
            }

            var predicted = ReceiverRules.Decide(rejection);
            SmtpProbeResult? probeResult = null;
            if (options?.ProbeServer != null)
            {
                var request = new SmtpProbeRequest(options.ProbeServer, name, options.Timeout)
                {
                    Recipient = options.SkipRecipientProbe ? null
                        : string.IsNullOrWhiteSpace(options.ProbeRecipient) ? SmtpProbeRequest.DefaultRecipient(options.ProbeServer) : options.ProbeRecipient,
                    SourceAddress = options.ProbeFromSendingAddress ? address : null,
                };
                probeResult = await probe.ProbeAsync(request, cancellationToken).ConfigureAwait(false);
                checks.Add(new GreetingCheckVerdict(GreetingCheck.Probe, ProbeOutcome(probeResult.Decision), probeResult.ToString()));
            }
            else
            {
                checks.Add(new GreetingCheckVerdict(GreetingCheck.Probe, CheckOutcome.Skipped, "no probe server given"));
            }

            return new SmtpGreetingResult(name, address.ToString(), checks, predicted, rejection, spf, lookup, ptrNames, probeResult,
                Reason(predicted, rejection, probeResult, checks));
        }

        private static string Reason(GreetingDecision predicted, ReceiverReply? rejection, SmtpProbeResult? probeResult, IReadOnlyList<GreetingCheckVerdict> checks)
        {
            if (probeResult != null && probeResult.Decision != GreetingDecision.Unknown && probeResult.Reply.Length > 0)
                return probeResult.Reply;
            if (rejection != null) return rejection.ToString();
            var warnings = checks.Where(c => c.Outcome == CheckOutcome.Warning || c.Outcome == CheckOutcome.Unknown).Select(c => $"{c.Check}: {c.Detail}").ToList();
            return warnings.Count == 0
                ? "a strict receiver accepts this greeting"
                : "a strict receiver accepts this greeting; note " + string.Join("; ", warnings);
        }

        /// <summary>A, AAAA and MX of the greeting: reject_unknown_helo_hostname wants any of them.</summary>
        public async Task<HeloNameLookup> LookupHeloNameAsync(string heloName, CancellationToken cancellationToken)
        {
            var a = dns.QueryAsync(heloName, DnsRecordKind.A, cancellationToken);
            var aaaa = dns.QueryAsync(heloName, DnsRecordKind.Aaaa, cancellationToken);
            var mx = dns.QueryAsync(heloName, DnsRecordKind.Mx, cancellationToken);
            var answers = await Task.WhenAll(a, aaaa, mx).ConfigureAwait(false);
            var addresses = a.Result.Records.Concat(aaaa.Result.Records).ToList();
            var exchangers = mx.Result.Records;
            if (answers.Any(x => x.Status == DnsAnswerStatus.Found))
                return new HeloNameLookup(HeloNameStatus.Exists, addresses, exchangers, string.Empty);
            var failed = answers.Where(x => x.Status == DnsAnswerStatus.Failed).Select(x => x.Detail).Distinct().ToList();
            if (failed.Count > 0)
                return new HeloNameLookup(HeloNameStatus.LookupFailed, addresses, exchangers, "DNS lookup failed: " + string.Join(", ", failed));
            return new HeloNameLookup(HeloNameStatus.NotFound, addresses, exchangers,
                answers.Any(x => x.Status == DnsAnswerStatus.NameNotFound) ? "the name does not exist (NXDOMAIN)" : "the name has no A, AAAA or MX record");
        }

        private static GreetingCheckVerdict DnsVerdict(string name, IPAddress address, HeloNameLookup lookup)
        {
            switch (lookup.Status)
            {
                case HeloNameStatus.NotFound:
                    return new GreetingCheckVerdict(GreetingCheck.Dns, CheckOutcome.Fail, $"{name}: {lookup.Detail}");
                case HeloNameStatus.LookupFailed:
                    return new GreetingCheckVerdict(GreetingCheck.Dns, CheckOutcome.Unknown, $"{name}: {lookup.Detail}");
            }
            if (lookup.Addresses.Any(a => IPAddress.TryParse(a, out var parsed) && parsed.Equals(address)))
                return new GreetingCheckVerdict(GreetingCheck.Dns, CheckOutcome.Pass, $"{name} resolves to {string.Join(", ", lookup.Addresses)}, including {address}");
            return new GreetingCheckVerdict(GreetingCheck.Dns, CheckOutcome.Warning, lookup.Addresses.Count == 0
                ? $"{name} has only MX records ({string.Join(", ", lookup.MailExchangers)}), no address"
                : $"{name} resolves to {string.Join(", ", lookup.Addresses)}, not to the sending address {address}");
        }

        /// <summary>FCrDNS: the address's PTR names, and whether one of them resolves back to the address.</summary>
        private async Task<(GreetingCheckVerdict Verdict, IReadOnlyList<string> PtrNames)> CheckReverseDnsAsync(IPAddress address, CancellationToken cancellationToken)
        {
            var reverseName = DnsNames.ReverseLookupName(address);
            var ptr = await dns.QueryAsync(reverseName, DnsRecordKind.Ptr, cancellationToken).ConfigureAwait(false);
            if (ptr.Status == DnsAnswerStatus.Failed)
                return (new GreetingCheckVerdict(GreetingCheck.ForwardConfirmedReverseDns, CheckOutcome.Unknown, $"the PTR lookup of {address} failed ({ptr.Detail})"), ptr.Records);
            if (ptr.IsVoid)
                return (new GreetingCheckVerdict(GreetingCheck.ForwardConfirmedReverseDns, CheckOutcome.Warning, $"{address} has no PTR record"), ptr.Records);
            var kind = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsRecordKind.Aaaa : DnsRecordKind.A;
            var anyFailed = false;
            foreach (var name in ptr.Records.Take(SpfEvaluator.NameLookupLimit))
            {
                var forward = await dns.QueryAsync(name, kind, cancellationToken).ConfigureAwait(false);
                anyFailed |= forward.Status == DnsAnswerStatus.Failed;
                if (forward.Records.Any(r => IPAddress.TryParse(r, out var a) && a.Equals(address)))
                    return (new GreetingCheckVerdict(GreetingCheck.ForwardConfirmedReverseDns, CheckOutcome.Pass, $"{address} -> {name} -> {address}"), ptr.Records);
            }
            return (new GreetingCheckVerdict(GreetingCheck.ForwardConfirmedReverseDns, anyFailed ? CheckOutcome.Unknown : CheckOutcome.Warning,
                $"{address} -> {string.Join(", ", ptr.Records)}, which does not resolve back to {address}"), ptr.Records);
        }

        /// <summary>The bound on the whole SPF evaluation: RFC 7208's 20 seconds at least, or four single waits when they are longer.</summary>
        public static TimeSpan SpfTimeLimit(GreetingCheckOptions? options)
        {
            var fourWaits = TimeSpan.FromTicks((options?.Timeout ?? GreetingCheckOptions.DefaultTimeout).Ticks * 4);
            return fourWaits > SpfEvaluator.DefaultTimeLimit ? fourWaits : SpfEvaluator.DefaultTimeLimit;
        }

        private static CheckOutcome SpfOutcome(SpfResult result) => result switch
        {
            SpfResult.Pass => CheckOutcome.Pass,
            SpfResult.Fail => CheckOutcome.Fail,
            SpfResult.TempError => CheckOutcome.Unknown,
            _ => CheckOutcome.Warning,
        };

        private static CheckOutcome ProbeOutcome(GreetingDecision decision) => decision switch
        {
            GreetingDecision.Accepted => CheckOutcome.Pass,
            GreetingDecision.Rejected => CheckOutcome.Fail,
            _ => CheckOutcome.Unknown,
        };
    }
}
