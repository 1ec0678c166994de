using System;
using System.Net;

namespace EmailGateway.Smtp
{
    public sealed class GreetingCheckOptions
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

        /// <summary>The DNS server to ask; null uses the machine's resolvers.</summary>
        public IPEndPoint? DnsServer { get; set; }

        /// <summary>The bound on every single wait: one DNS query, the probe's connect and each of its commands.</summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>A receiving server to probe live; null predicts only.</summary>
        public SmtpEndpoint? ProbeServer { get; set; }

        /// <summary>
        /// Recipient of the probe's null-sender RCPT step; null means postmaster at the probe server
        /// (see <see cref="SmtpProbeRequest.DefaultRecipient"/>).
        /// </summary>
        public string? ProbeRecipient { get; set; }

        /// <summary>Stop the probe after EHLO, without the MAIL FROM/RCPT TO step.</summary>
        public bool SkipRecipientProbe { get; set; }

        /// <summary>Connect the probe from the sending address (when that address is on this machine).</summary>
        public bool ProbeFromSendingAddress { get; set; }
    }
}
