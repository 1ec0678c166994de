using System.Net;

namespace EmailGateway.Smtp.Spf
{
    internal enum SpfMechanism
    {
        All,
        Include,
        A,
        Mx,
        Ptr,
        Ip4,
        Ip6,
        Exists,
    }

    /// <summary>One directive of a record: a qualifier and a mechanism with its arguments.</summary>
    internal sealed class SpfDirective
    {
        public SpfDirective(string text, SpfResult qualifier, SpfMechanism mechanism)
        {
            Text = text;
            Qualifier = qualifier;
            Mechanism = mechanism;
        }

        public string Text { get; }
        public SpfResult Qualifier { get; }
        public SpfMechanism Mechanism { get; }

        /// <summary>The domain-spec (macros not yet expanded); null means the current domain.</summary>
        public string? DomainSpec { get; set; }

        /// <summary>The network of ip4/ip6.</summary>
        public IPAddress? Network { get; set; }

        public int? Ip4Prefix { get; set; }
        public int? Ip6Prefix { get; set; }
    }
}
