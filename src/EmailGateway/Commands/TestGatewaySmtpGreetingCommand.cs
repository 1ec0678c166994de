using System;
using System.Management.Automation;
using System.Net;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Smtp;
using EmailGateway.Smtp.Dns;

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
            options = new GreetingCheckOptions { Timeout = TimeSpan.FromSeconds(TimeoutSeconds), ProbeRecipient = ProbeRecipient };
            if (DnsServer != null)
            {
                if (!DnsServerEndpoint.TryParse(DnsServer, out var endpoint, out var error))
                    ThrowTerminating("InvalidDnsServer", ErrorCategory.InvalidArgument, $"-DnsServer: {error}", DnsServer);
                options.DnsServer = endpoint;
            }
            if (ProbeServer != null)
            {
                if (!SmtpEndpoint.TryParse(ProbeServer, out var endpoint, out var error))
                    ThrowTerminating("InvalidProbeServer", ErrorCategory.InvalidArgument, $"-ProbeServer: {error}", ProbeServer);
                options.ProbeServer = endpoint;
            }
            checker = GreetingChecker.Create(options);
        }

        protected override void ProcessRecord()
        {
            var byNode = ParameterSetName == ByNodeSet;
            var target = byNode ? (object)ComputerName : HeloName;
            var greeting = byNode ? Helo : HeloName;
            var addressText = byNode && VrrpActive && !string.IsNullOrWhiteSpace(VirtualIp) ? VirtualIp : Address;

            if (string.IsNullOrWhiteSpace(addressText))
            {
                WriteNodeError("NoAddress", ErrorCategory.InvalidArgument,
                    $"{target}: no sending address (give -Address, or a node with Address or an active VirtualIp)", target);
                return;
            }
            if (!IPAddress.TryParse(addressText!.Trim(), out var address))
            {
                WriteNodeError("InvalidAddress", ErrorCategory.InvalidArgument, $"{target}: '{addressText}' is not an IP address", target);
                return;
            }

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
