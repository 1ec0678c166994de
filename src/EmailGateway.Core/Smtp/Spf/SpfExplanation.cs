using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Spf
{
    /// <summary>The exp= of the record whose mechanism decided a fail, with the macro values of that record's evaluation.</summary>
    internal sealed class SpfExplanationSource
    {
        public SpfExplanationSource(string domainSpec, SpfMacroContext context)
        {
            DomainSpec = domainSpec;
            Context = context;
        }

        public string DomainSpec { get; }
        public SpfMacroContext Context { get; }
    }

    /// <summary>
    /// RFC 7208 section 6.2: the explanation is the one TXT record of the expanded exp= target, itself macro-expanded
    /// (letters c, r and t allowed). Anything wrong on the way (a macro error, a malformed name, a DNS error, no record
    /// or several, text that is not ASCII or not a valid macro string) means no explanation, never a different result.
    /// The lookup is made once, after the result, and counts against neither the DNS-term nor the void-lookup limit.
    /// </summary>
    internal static class SpfExplanation
    {
        public static async Task<string?> FetchAsync(SpfCheckHost check, SpfExplanationSource source, CancellationToken cancellationToken)
        {
            try
            {
                var target = await SpfMacro.ExpandDomainAsync(source.DomainSpec, source.Context, cancellationToken).ConfigureAwait(false);
                var answer = await check.LookupAsync(target, DnsRecordKind.Txt, cancellationToken).ConfigureAwait(false);
                if (answer.Status != DnsAnswerStatus.Found || answer.Records.Count != 1) return null;
                var text = answer.Records[0];
                if (!SpfMacro.IsValid(text, inExplanation: true, out _)) return null;
                return await SpfMacro.ExpandAsync(text, source.Context, inExplanation: true, cancellationToken).ConfigureAwait(false);
            }
            catch (SpfException)
            {
                return null;
            }
        }
    }
}
