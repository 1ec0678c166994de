namespace EmailGateway.Smtp.Spf
{
    /// <summary>The outcome of one SPF evaluation, with what led to it.</summary>
    public sealed class SpfEvaluation
    {
        public SpfEvaluation(SpfResult result, string domain, string reason, string? matchedTerm, int dnsLookups, int voidLookups, string? explanation = null)
        {
            Result = result;
            Domain = domain;
            Reason = reason;
            MatchedTerm = matchedTerm;
            DnsLookups = dnsLookups;
            VoidLookups = voidLookups;
            Explanation = explanation;
        }

        public SpfResult Result { get; }

        /// <summary>The domain whose policy was evaluated (the HELO name for the HELO identity).</summary>
        public string Domain { get; }

        /// <summary>Why the result is what it is, in words an admin can act on.</summary>
        public string Reason { get; }

        /// <summary>The term that decided (e.g. <c>-all</c>), when one did.</summary>
        public string? MatchedTerm { get; }

        /// <summary>Terms that caused DNS queries, counted against the limit of 10.</summary>
        public int DnsLookups { get; }

        /// <summary>Queries that found nothing, counted against the limit of 2.</summary>
        public int VoidLookups { get; }

        /// <summary>The explanation the domain gives with a fail (its exp= modifier), macros expanded; null when none.</summary>
        public string? Explanation { get; }

        public override string ToString() => Explanation == null ? $"{Result}: {Reason}" : $"{Result}: {Reason}; the domain explains: {Explanation}";
    }
}
