using System;
using System.Net;
using EmailGateway.Operations;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp
{
    /// <summary>What a greeting check is asked about: the options from the command line, and the address a greeting is sent from.</summary>
    public static class GreetingTarget
    {
        /// <summary>The check's options; refuses a DNS or probe server that is not host[:port].</summary>
        public static Prepared<GreetingCheckOptions> Options(TimeSpan timeout, string? probeRecipient, string? dnsServer, string? probeServer)
        {
            var options = new GreetingCheckOptions { Timeout = timeout, ProbeRecipient = probeRecipient };
            if (dnsServer != null)
            {
                if (!DnsServerEndpoint.TryParse(dnsServer, out var endpoint, out var error))
                    return Refusal.Because("InvalidDnsServer", RefusalKind.InvalidArgument, $"-DnsServer: {error}", dnsServer);
                options.DnsServer = endpoint;
            }
            if (probeServer != null)
            {
                if (!SmtpEndpoint.TryParse(probeServer, out var endpoint, out var error))
                    return Refusal.Because("InvalidProbeServer", RefusalKind.InvalidArgument, $"-ProbeServer: {error}", probeServer);
                options.ProbeServer = endpoint;
            }
            return Prepared<GreetingCheckOptions>.Ok(options);
        }

        /// <summary>
        /// The address a greeting goes out from: a node holding the virtual IP sends from it, any other from its
        /// own address. Refused when there is none, or it is not an IP address.
        /// </summary>
        public static Prepared<IPAddress> SendingAddress(object target, string? address, string? virtualIp, bool holdsVirtualIp)
        {
            var text = holdsVirtualIp && !string.IsNullOrWhiteSpace(virtualIp) ? virtualIp : address;
            if (string.IsNullOrWhiteSpace(text))
                return Refusal.Because("NoAddress", RefusalKind.InvalidArgument, $"{target}: no sending address (give -Address, or a node with Address or an active VirtualIp)", target);
            if (!IPAddress.TryParse(text!.Trim(), out var parsed))
                return Refusal.Because("InvalidAddress", RefusalKind.InvalidArgument, $"{target}: '{text}' is not an IP address", target);
            return Prepared<IPAddress>.Ok(parsed);
        }
    }
}
