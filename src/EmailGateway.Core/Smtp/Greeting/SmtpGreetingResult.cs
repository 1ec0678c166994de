using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Smtp.Spf;

namespace EmailGateway.Smtp
{
    /// <summary>Would receivers accept this greeting from this address: every check, the prediction, and the probe's answer.</summary>
    public sealed class SmtpGreetingResult
    {
        public SmtpGreetingResult(string heloName, string address, IReadOnlyList<GreetingCheckVerdict> checks, GreetingDecision predicted,
            ReceiverReply? expectedReply, SpfEvaluation? spf, HeloNameLookup? lookup, IReadOnlyList<string> ptrNames, SmtpProbeResult? probe, string reason)
        {
            HeloName = heloName;
            Address = address;
            Checks = checks;
            Predicted = predicted;
            ExpectedReply = expectedReply;
            SpfEvaluation = spf;
            Lookup = lookup;
            PtrNames = ptrNames;
            ProbeResult = probe;
            Reason = reason;
        }

        /// <summary>The node the greeting belongs to, when checked for a node.</summary>
        public string? ComputerName { get; set; }

        public string HeloName { get; }
        public string Address { get; }

        /// <summary>The probe's answer when it gave one, otherwise the prediction.</summary>
        public GreetingDecision Decision => ProbeResult != null && ProbeResult.Decision != GreetingDecision.Unknown ? ProbeResult.Decision : Predicted;

        /// <summary>What the checks predict a strict receiver does.</summary>
        public GreetingDecision Predicted { get; }

        /// <summary>The reason a receiver gives: the server's own reply when probed, else the predicted reply or a summary.</summary>
        public string Reason { get; }

        /// <summary>The reply a strict receiver is predicted to give when it refuses; null when it accepts.</summary>
        public ReceiverReply? ExpectedReply { get; }

        public IReadOnlyList<GreetingCheckVerdict> Checks { get; }

        public CheckOutcome Syntax => Outcome(GreetingCheck.Syntax);
        public CheckOutcome Dns => Outcome(GreetingCheck.Dns);
        public CheckOutcome ForwardConfirmedReverseDns => Outcome(GreetingCheck.ForwardConfirmedReverseDns);
        public CheckOutcome Probe => Outcome(GreetingCheck.Probe);

        /// <summary>The SPF result for the HELO identity; None when not evaluated.</summary>
        public SpfResult Spf => SpfEvaluation?.Result ?? SpfResult.None;

        public SpfEvaluation? SpfEvaluation { get; }

        /// <summary>The explanation the greeting's domain publishes for an SPF fail (its exp= text, expanded); null when none.</summary>
        public string? SpfExplanation => SpfEvaluation?.Explanation;
        public HeloNameLookup? Lookup { get; }
        public IReadOnlyList<string> ResolvedAddresses => Lookup?.Addresses ?? Array.Empty<string>();
        public IReadOnlyList<string> PtrNames { get; }
        public SmtpProbeResult? ProbeResult { get; }
        public string? ProbeReply => ProbeResult?.Reply;

        public GreetingCheckVerdict Verdict(GreetingCheck check) => Checks.First(c => c.Check == check);

        private CheckOutcome Outcome(GreetingCheck check) => Checks.FirstOrDefault(c => c.Check == check)?.Outcome ?? CheckOutcome.Skipped;

        public override string ToString() => $"{HeloName} from {Address}: {Decision} ({Reason})";
    }
}
