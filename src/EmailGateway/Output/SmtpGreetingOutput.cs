using System;
using System.Collections.Generic;
using EmailGateway.Smtp;

namespace EmailGateway.Output
{
    /// <summary>A greeting check as Test-GatewaySmtpGreeting writes it: decision, check outcomes and SPF result by name.</summary>
    public sealed class SmtpGreetingOutput
    {
        private readonly SmtpGreetingResult _result;

        internal SmtpGreetingOutput(SmtpGreetingResult result)
        {
            _result = result ?? throw new ArgumentNullException(nameof(result));
            Checks = OutputText.Each(result.Checks, c => new GreetingCheckOutput(c));
        }

        public string? ComputerName => _result.ComputerName;
        public string HeloName => _result.HeloName;
        public string Address => _result.Address;
        public string Decision => OutputText.Name(_result.Decision);
        public string Predicted => OutputText.Name(_result.Predicted);
        public string Reason => _result.Reason;
        public ReceiverReply? ExpectedReply => _result.ExpectedReply;
        public IReadOnlyList<GreetingCheckOutput> Checks { get; }
        public string Syntax => OutputText.Name(_result.Syntax);
        public string Dns => OutputText.Name(_result.Dns);
        public string ForwardConfirmedReverseDns => OutputText.Name(_result.ForwardConfirmedReverseDns);
        public string Probe => OutputText.Name(_result.Probe);
        public string Spf => OutputText.Name(_result.Spf);
        public string? SpfExplanation => _result.SpfExplanation;
        public IReadOnlyList<string> ResolvedAddresses => _result.ResolvedAddresses;
        public IReadOnlyList<string> PtrNames => _result.PtrNames;
        public string? ProbeReply => _result.ProbeReply;

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public string FCrDNS => ForwardConfirmedReverseDns;

        /// <summary>The typed result (enums, the SPF evaluation, the DNS lookup and the probe's transcript).</summary>
        public SmtpGreetingResult GetResult() => _result;

        public static implicit operator SmtpGreetingResult(SmtpGreetingOutput output) => output._result;

        public override string ToString() => _result.ToString();
    }

    /// <summary>One check of a greeting, with its name and outcome as text.</summary>
    public sealed class GreetingCheckOutput
    {
        internal GreetingCheckOutput(GreetingCheckVerdict verdict)
        {
            if (verdict == null) throw new ArgumentNullException(nameof(verdict));
            Check = OutputText.Name(verdict.Check);
            Outcome = OutputText.Name(verdict.Outcome);
            Detail = verdict.Detail;
        }

        public string Check { get; }
        public string Outcome { get; }
        public string Detail { get; }

        public override string ToString() => $"{Check}: {Outcome} ({Detail})";
    }
}
