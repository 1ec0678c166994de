using EmailGateway.Smtp.Spf;

namespace EmailGateway.Smtp
{
    /// <summary>
    /// How a strict receiver decides on a greeting, modelled on Postfix's smtpd_helo_restrictions
    /// (reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname, reject_unknown_helo_hostname, in that order)
    /// followed by an SPF policy service that refuses an SPF fail of the HELO identity (policyd-spf's default).
    /// Pure functions: the same inputs give the same prediction, so every rule is testable without a network.
    /// </summary>
    public static class ReceiverRules
    {
        /// <summary>The reply a strict receiver gives to the greeting's syntax, or null when it passes.</summary>
        public static ReceiverReply? SyntaxRejection(string heloName, HeloVerdict syntax)
        {
            switch (syntax.Syntax)
            {
                case HeloSyntax.Invalid when syntax.IsBareAddress:
                    // reject_invalid_helo_hostname lets an address through; reject_non_fqdn_helo_hostname then refuses it
                    return new ReceiverReply(504, "5.5.2", $"<{heloName}>: Helo command rejected: need fully-qualified hostname", "reject_non_fqdn_helo_hostname");
                case HeloSyntax.Invalid:
                    return new ReceiverReply(501, "5.5.2", $"<{heloName}>: Helo command rejected: Invalid name", "reject_invalid_helo_hostname");
                case HeloSyntax.NotFullyQualified:
                    return new ReceiverReply(504, "5.5.2", $"<{heloName}>: Helo command rejected: need fully-qualified hostname", "reject_non_fqdn_helo_hostname");
                default:
                    return null;
            }
        }

        /// <summary>reject_unknown_helo_hostname: refused when the name has no A, AAAA or MX record; deferred when DNS fails.</summary>
        public static ReceiverReply? UnknownHostnameRejection(string heloName, HeloNameLookup lookup)
        {
            switch (lookup.Status)
            {
                case HeloNameStatus.NotFound:
                    return new ReceiverReply(450, "4.7.1", $"<{heloName}>: Helo command rejected: Host not found", "reject_unknown_helo_hostname");
                case HeloNameStatus.LookupFailed:
                    return new ReceiverReply(450, "4.7.1", $"<{heloName}>: Helo command rejected: Host not found, try again", "reject_unknown_helo_hostname");
                default:
                    return null;
            }
        }

        /// <summary>The text an SPF policy service gives with a fail when the domain publishes no explanation (exp=).</summary>
        public const string DefaultSpfExplanation = "SPF fail - not authorized";

        /// <summary>
        /// An SPF-checking receiver refuses an SPF fail of the HELO identity; other results only mark the mail.
        /// The text is policyd-spf's, with the domain's own explanation when it gives one (RFC 7208 section 6.2);
        /// Postfix puts it after "&lt;recipient&gt;: Recipient address rejected:" at RCPT.
        /// </summary>
        public static ReceiverReply? SpfRejection(string heloName, SpfResult result, string? explanation = null) =>
            result == SpfResult.Fail
                ? new ReceiverReply(550, "5.7.23", $"Message rejected due to: {explanation ?? DefaultSpfExplanation}", "spf_helo_fail")
                : null;

        /// <summary>
        /// The overall prediction. Rejected by the first rule that refuses; Unknown when DNS could not say whether
        /// the name exists (a receiver defers then, and the outcome depends on the retry); otherwise Accepted.
        /// </summary>
        public static GreetingDecision Decide(ReceiverReply? firstRejection) =>
            firstRejection == null ? GreetingDecision.Accepted
            : firstRejection.Rule == "reject_unknown_helo_hostname" && firstRejection.Text.EndsWith("try again", System.StringComparison.Ordinal) ? GreetingDecision.Unknown
            : GreetingDecision.Rejected;
    }
}
