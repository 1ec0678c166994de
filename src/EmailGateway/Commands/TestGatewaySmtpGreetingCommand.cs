using System;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Smtp;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Would receiving servers accept this greeting? Checks syntax, DNS, FCrDNS and SPF (HELO identity), optionally
    /// probes a live server, and returns one EmailGateway.SmtpGreetingResult per node or name.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "GatewaySmtpGreeting", DefaultParameterSetName = ByNodeSet)]
    [OutputType(typeof(SmtpGreetingResult))]
    public sealed class TestGatewaySmtpGreetingCommand : GatewayCmdlet
    {
        private const string ByNodeSet = "ByNode";
        private const string ByNameSet = "ByName";
        private GreetingCheckOptions options = new GreetingCheckOptions();
        private GreetingChecker? checker;

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
            var greeting = byNode ? Helo : HeloName;
            var sending = GreetingTarget.SendingAddress(target, Address, VirtualIp, holdsVirtualIp: byNode && VrrpActive);
            if (sending.Refusal != null)
            {
                WriteRefusal(sending.Refusal);
                return;
            }
            var address = sending.Value!;

            WriteVerbose($"Checking greeting '{greeting}' from {address}" + (options.ProbeServer != null ? $" with a probe of {options.ProbeServer}" : string.Empty));
            SmtpGreetingResult result;
            try
            {
                result = checker!.CheckAsync(greeting, address, options, StopToken).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteNodeError(ex, target);
                return;
            }

            if (byNode) result.ComputerName = ComputerName;
            WriteObject(Typed(result, TypeNames.SmtpGreetingResult));
        }
    }
}
