using System;
using System.Collections.Generic;

namespace EmailGateway.Smtp.Dns
{
    public enum DnsAnswerStatus
    {
        /// <summary>The name has records of the asked type.</summary>
        Found,
        /// <summary>The name exists but has no record of the asked type (NOERROR, empty answer).</summary>
        NoRecords,
        /// <summary>The name does not exist (NXDOMAIN).</summary>
        NameNotFound,
        /// <summary>No usable answer: server failure, refusal or timeout. Worth retrying later.</summary>
        Failed,
    }

    /// <summary>
    /// One DNS answer in the form the checks need: addresses as text, MX exchanges in preference order,
    /// TXT records with their strings joined, PTR and MX names without the trailing dot.
    /// </summary>
    public sealed class DnsAnswer
    {
        private static readonly IReadOnlyList<string> Empty = Array.Empty<string>();

        private DnsAnswer(DnsAnswerStatus status, IReadOnlyList<string> records, string detail)
        {
            Status = status;
            Records = records;
            Detail = detail;
        }

        public DnsAnswerStatus Status { get; }
        public IReadOnlyList<string> Records { get; }

        /// <summary>Why a lookup failed (rcode, timeout); empty otherwise.</summary>
        public string Detail { get; }

        /// <summary>RFC 7208 section 4.6.4: an answer with no records, or NXDOMAIN.</summary>
        public bool IsVoid => Status == DnsAnswerStatus.NoRecords || Status == DnsAnswerStatus.NameNotFound;

        public static DnsAnswer Found(IReadOnlyList<string> records) =>
            records.Count == 0 ? new DnsAnswer(DnsAnswerStatus.NoRecords, Empty, string.Empty) : new DnsAnswer(DnsAnswerStatus.Found, records, string.Empty);

        public static DnsAnswer NoRecords() => new DnsAnswer(DnsAnswerStatus.NoRecords, Empty, string.Empty);
        public static DnsAnswer NameNotFound() => NameNotFound("NXDOMAIN");
        public static DnsAnswer NameNotFound(string detail) => new DnsAnswer(DnsAnswerStatus.NameNotFound, Empty, detail);
        public static DnsAnswer Failed(string detail) => new DnsAnswer(DnsAnswerStatus.Failed, Empty, detail);

        public override string ToString() => Status == DnsAnswerStatus.Found ? string.Join(", ", Records) : $"{Status} {Detail}".Trim();
    }
}
