using System;
using System.Globalization;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Spf
{
    /// <summary>
    /// RFC 7208 check_host() over <see cref="IDnsResolver"/>: mechanisms all, include, a, mx, ptr, ip4, ip6, exists;
    /// the redirect and exp modifiers; qualifiers; macros; the limits of 10 DNS-querying terms, 2 void lookups, 10
    /// names per mx or ptr, and a bound on the whole evaluation's time. With a fail, the domain's explanation
    /// (exp=) is fetched once, after the result is known, outside those limits (section 6.2).
    /// </summary>
    public sealed class SpfEvaluator
    {
        public const int DnsLookupLimit = 10;
        public const int VoidLookupLimit = 2;
        public const int NameLookupLimit = 10;

        /// <summary>Section 4.6.4: the elapsed-time limit "SHOULD allow at least 20 seconds".</summary>
        public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(20);

        private readonly IDnsResolver dns;
        private readonly TimeSpan timeLimit;

        public SpfEvaluator(IDnsResolver dns) : this(dns, DefaultTimeLimit)
        {
        }

        /// <param name="dns">Where the records come from.</param>
        /// <param name="timeLimit">The bound on one whole evaluation; past it the result is temperror.</param>
        public SpfEvaluator(IDnsResolver dns, TimeSpan timeLimit)
        {
            this.dns = dns ?? throw new ArgumentNullException(nameof(dns));
            if (timeLimit <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeLimit), "the SPF time limit must be positive");
            this.timeLimit = timeLimit;
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
            var check = new SpfCheckHost(dns, DnsNames.Normalize(client));
            var context = new SpfMacroContext(check.Client, SenderOrPostmaster(sender, domain), domain, heloName ?? string.Empty, check.ValidatedPtrNameAsync);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeLimit);
            try
            {
                var outcome = await check.CheckHostAsync(context, deadline.Token).ConfigureAwait(false);
                var explanation = outcome.Result == SpfResult.Fail && outcome.Explanation != null
                    ? await SpfExplanation.FetchAsync(check, outcome.Explanation, deadline.Token).ConfigureAwait(false)
                    : null;
                return new SpfEvaluation(outcome.Result, domain, outcome.Reason, outcome.Term, check.DnsLookups, check.VoidLookups, explanation);
            }
            catch (SpfException ex)
            {
                return new SpfEvaluation(ex.Result, domain, ex.Message, null, check.DnsLookups, check.VoidLookups);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new SpfEvaluation(SpfResult.TempError, domain,
                    $"the evaluation took longer than its limit of {timeLimit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (RFC 7208 section 4.6.4)", null, check.DnsLookups, check.VoidLookups);
            }
        }

        /// <summary>Section 4.3: a sender without a local-part is postmaster at its domain.</summary>
        private static string SenderOrPostmaster(string? sender, string domain)
        {
            if (string.IsNullOrEmpty(sender)) return "postmaster@" + domain;
            var at = sender!.LastIndexOf('@');
            return at < 0 ? "postmaster@" + domain : at == 0 ? "postmaster" + sender : sender;
        }
    }
}
