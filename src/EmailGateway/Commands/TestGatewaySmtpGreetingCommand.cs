using System;
using System.Collections.Generic;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Execution;
using EmailGateway.Output;
using EmailGateway.Smtp;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Would receiving servers accept this greeting? Checks syntax, DNS, FCrDNS and SPF (HELO identity), optionally
    /// probes a live server, and returns one EmailGateway.SmtpGreetingResult per node or name.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "GatewaySmtpGreeting", DefaultParameterSetName = ByNodeSet)]
    [OutputType(typeof(SmtpGreetingOutput))]
    public sealed class TestGatewaySmtpGreetingCommand : GatewayCmdlet
    {
        private const string ByNodeSet = "ByNode";
        private const string ByNameSet = "ByName";
        private GreetingCheckOptions options = new GreetingCheckOptions();
        private GreetingChecker? checker;
        private readonly List<Greeting> _work = new List<Greeting>();

        [Parameter(Mandatory = true, ParameterSetName = ByNodeSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ComputerName { get; set; } = string.Empty;

        /// <summary>The node's greeting (GatewayNode.Helo).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByNodeSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string Helo { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = ByNameSet, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string HeloName { get; set; } = string.Empty;

        /// <summary>The sending address; for a node, its own address unless it holds the virtual IP.</summary>
        [Parameter(ParameterSetName = ByNodeSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = ByNameSet, Position = 1)]
        [AllowEmptyString]
        [AllowNull]
        public string? Address { get; set; }

        [Parameter(ParameterSetName = ByNodeSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? VirtualIp { get; set; }

        /// <summary>True when the node holds the virtual IP now: mail then leaves from the virtual IP.</summary>
        [Parameter(ParameterSetName = ByNodeSet, ValueFromPipelineByPropertyName = true)]
        public bool VrrpActive { get; set; }

        /// <summary>The DNS server to ask, ip[:port]; the machine's resolvers when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DnsServer { get; set; }

        /// <summary>A receiving server to probe live, host[:port]: EHLO with the greeting, a null-sender RCPT, QUIT; no mail is sent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProbeServer { get; set; }

        /// <summary>Recipient for the probe's RCPT step; postmaster at the probe server when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProbeRecipient { get; set; }

        /// <summary>The bound on each wait: one DNS query, the probe's connect and each of its commands.</summary>
        [Parameter]
        [ValidateRange(1, 300)]
        public int TimeoutSeconds { get; set; } = (int)GreetingCheckOptions.DefaultTimeout.TotalSeconds;

        /// <summary>How many greetings are checked at once.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        protected override void BeginProcessing()
        {
            var prepared = GreetingTarget.Options(TimeSpan.FromSeconds(TimeoutSeconds), ProbeRecipient, DnsServer, ProbeServer);
            if (prepared.Refusal != null) ThrowRefusal(prepared.Refusal);
            options = prepared.Value!;
            checker = GreetingChecker.Create(options);
        }

        protected override void ProcessRecord()
        {
            var byNode = ParameterSetName == ByNodeSet;
            var target = byNode ? (object)ComputerName : HeloName;
            var sending = GreetingTarget.SendingAddress(target, Address, VirtualIp, holdsVirtualIp: byNode && VrrpActive);
            if (sending.Refusal != null)
            {
                WriteRefusal(sending.Refusal);
                return;
            }
            _work.Add(new Greeting(target.ToString()!, byNode ? ComputerName : null, byNode ? Helo : HeloName, sending.Value!));
        }

        /// <summary>Checks every greeting gathered from the pipeline at once (at most -ThrottleLimit together); results keep input order.</summary>
        protected override void EndProcessing()
        {
            foreach (var greeting in _work)
                WriteVerbose($"Checking greeting '{greeting.Helo}' from {greeting.Address}" + (options.ProbeServer != null ? $" with a probe of {options.ProbeServer}" : string.Empty));
            var outcomes = FanOut.Run(_work, g => g.Target, (g, token) => checker!.CheckAsync(g.Helo, g.Address, options, token), ThrottleLimit, StopToken, Mailbox);
            var index = 0;
            foreach (var outcome in outcomes)
            {
                var greeting = _work[index++]; // outcomes come in input order
                if (!outcome.Succeeded)
                {
                    if (!(outcome.Error is OperationCanceledException && StopToken.IsCancellationRequested)) WriteNodeError(outcome.Error!, outcome.ComputerName);
                    continue;
                }
                var result = outcome.Value!;
                if (greeting.ComputerName != null) result.ComputerName = greeting.ComputerName;
                WriteObject(Typed(new SmtpGreetingOutput(result), TypeNames.SmtpGreetingResult));
            }
        }

        private sealed class Greeting
        {
            public Greeting(string target, string? computerName, string helo, System.Net.IPAddress address) =>
                (Target, ComputerName, Helo, Address) = (target, computerName, helo, address);

            public string Target { get; }
            public string? ComputerName { get; }
            public string Helo { get; }
            public System.Net.IPAddress Address { get; }
        }
    }
}
