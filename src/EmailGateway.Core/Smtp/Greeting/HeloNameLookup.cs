using System;
using System.Collections.Generic;

namespace EmailGateway.Smtp
{
    public enum HeloNameStatus
    {
        /// <summary>The name has an A, AAAA or MX record.</summary>
        Exists,
        /// <summary>NXDOMAIN, or no A, AAAA nor MX record.</summary>
        NotFound,
        /// <summary>A lookup failed and none succeeded: the answer is not known.</summary>
        LookupFailed,
    }

    /// <summary>What DNS says about a greeting name: the facts <c>reject_unknown_helo_hostname</c> looks at.</summary>
    public sealed class HeloNameLookup
    {
        public HeloNameLookup(HeloNameStatus status, IReadOnlyList<string> addresses, IReadOnlyList<string> mailExchangers, string detail)
        {
            Status = status;
            Addresses = addresses ?? Array.Empty<string>();
            MailExchangers = mailExchangers ?? Array.Empty<string>();
            Detail = detail ?? string.Empty;
        }

        public HeloNameStatus Status { get; }
        public IReadOnlyList<string> Addresses { get; }
        public IReadOnlyList<string> MailExchangers { get; }
        public string Detail { get; }
    }
}
