namespace EmailGateway.Smtp
{
    public enum GreetingCheck
    {
        Syntax,
        Dns,
        ForwardConfirmedReverseDns,
        Spf,
        Probe,
    }

    public enum CheckOutcome
    {
        Pass,
        /// <summary>Receivers that apply this check refuse the greeting.</summary>
        Fail,
        /// <summary>Not a refusal by strict receivers, but scored against the sender by some.</summary>
        Warning,
        /// <summary>The check could not be completed (DNS failure, timeout, unreachable server).</summary>
        Unknown,
        /// <summary>Not applicable, or not asked for.</summary>
        Skipped,
    }

    public enum GreetingDecision
    {
        Accepted,
        Rejected,
        Unknown,
    }

    /// <summary>The verdict of one check with the evidence behind it.</summary>
    public sealed class GreetingCheckVerdict
    {
        public GreetingCheckVerdict(GreetingCheck check, CheckOutcome outcome, string detail)
        {
            Check = check;
            Outcome = outcome;
            Detail = detail;
        }

        public GreetingCheck Check { get; }
        public CheckOutcome Outcome { get; }
        public string Detail { get; }

        public override string ToString() => $"{Check}: {Outcome} ({Detail})";
    }
}
