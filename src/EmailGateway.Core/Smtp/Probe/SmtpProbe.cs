using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace EmailGateway.Smtp
{
    /// <summary>Where a probe stopped: the last step the server answered.</summary>
    public enum SmtpProbeStage
    {
        Connect,
        Banner,
        Ehlo,
        MailFrom,
        RcptTo,
        Completed,
    }

    public sealed class SmtpProbeRequest
    {
        public SmtpProbeRequest(SmtpEndpoint server, string heloName, TimeSpan timeout)
        {
            Server = server ?? throw new ArgumentNullException(nameof(server));
            HeloName = heloName ?? throw new ArgumentNullException(nameof(heloName));
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the probe timeout must be positive");
            Timeout = timeout;
        }

        public SmtpEndpoint Server { get; }
        public string HeloName { get; }
        public TimeSpan Timeout { get; }

        /// <summary>
        /// Recipient of the null-sender MAIL FROM/RCPT TO step that follows a successful EHLO, because a receiver
        /// with delayed rejects refuses a bad greeting only at RCPT. Null skips that step. No DATA is ever sent.
        /// </summary>
        public string? Recipient { get; set; }

        /// <summary>
        /// postmaster at the server itself (a bracketed literal for an address). Fully qualified on purpose: receivers
        /// such as Postfix accept a bare <c>postmaster</c> before any restriction is applied, which would hide a refusal.
        /// </summary>
        public static string DefaultRecipient(SmtpEndpoint server) =>
            IPAddress.TryParse(server.Host, out var address)
                ? $"postmaster@[{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6:" : string.Empty)}{address}]"
                : $"postmaster@{server.Host}";

        /// <summary>Local address to connect from, so the receiver sees the sending address (when it is local).</summary>
        public IPAddress? SourceAddress { get; set; }
    }

    public sealed class SmtpProbeResult
    {
        public SmtpProbeResult(GreetingDecision decision, SmtpProbeStage stage, int? code, string text, string detail, IReadOnlyList<string> transcript)
        {
            Decision = decision;
            Stage = stage;
            Code = code;
            Text = text;
            Detail = detail;
            Transcript = transcript;
        }

        /// <summary>Whether the server accepted the greeting: Unknown when it could not be reached or refused for another reason.</summary>
        public GreetingDecision Decision { get; }
        public SmtpProbeStage Stage { get; }

        /// <summary>The code of the reply that decided, when the server gave one.</summary>
        public int? Code { get; }

        /// <summary>The text of that reply, with its enhanced status code.</summary>
        public string Text { get; }
        public string Detail { get; }
        public IReadOnlyList<string> Transcript { get; }

        public string Reply => Code.HasValue ? $"{Code} {Text}".Trim() : string.Empty;

        public override string ToString() => $"{Decision} at {Stage}: {(Reply.Length > 0 ? Reply : Detail)}";
    }

    public interface ISmtpGreetingProbe
    {
        Task<SmtpProbeResult> ProbeAsync(SmtpProbeRequest request, CancellationToken cancellationToken);
    }

    /// <summary>Reads a server's reply at a probe stage as a verdict on the greeting.</summary>
    public static class SmtpProbeClassifier
    {
        public static GreetingDecision Classify(SmtpProbeStage stage, int code, string text)
        {
            var positive = code >= 200 && code < 400;
            switch (stage)
            {
                case SmtpProbeStage.Banner:
                    // a server that refuses every client at connect says nothing about the greeting
                    return GreetingDecision.Unknown;
                case SmtpProbeStage.Ehlo:
                    return positive ? GreetingDecision.Accepted : GreetingDecision.Rejected;
                case SmtpProbeStage.MailFrom:
                case SmtpProbeStage.RcptTo:
                    if (positive) return GreetingDecision.Accepted;
                    return IsAboutGreeting(text) ? GreetingDecision.Rejected : GreetingDecision.Unknown;
                default:
                    return positive ? GreetingDecision.Accepted : GreetingDecision.Unknown;
            }
        }

        /// <summary>A refusal after EHLO is about the greeting when it names HELO or an SPF verdict.</summary>
        public static bool IsAboutGreeting(string text) =>
            text.IndexOf("helo", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("SPF", StringComparison.Ordinal) >= 0;
    }
}
