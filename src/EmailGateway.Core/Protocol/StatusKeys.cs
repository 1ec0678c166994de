namespace EmailGateway.Protocol
{
    /// <summary>Where each field of <c>show status</c> lives, as dotted YAML paths. The defaults are DESIGN.md section 3.</summary>
    public sealed class StatusKeys
    {
        public static StatusKeys Default { get; } = new StatusKeys();

        public string Hostname { get; set; } = "hostname";
        public string Product { get; set; } = "product";
        public string Build { get; set; } = "build";
        public string Mode { get; set; } = "cluster.mode";
        public string ClusterId { get; set; } = "cluster.id";
        public string VirtualIp { get; set; } = "cluster.virtual_ip";
        public string Scanning { get; set; } = "cluster.scanning";
        public string NetworkState { get; set; } = "network.state";
        public string Address { get; set; } = "network.address";
        public string Helo { get; set; } = "smtp.helo";
        public string ConfigRevision { get; set; } = "config.revision";
        public string Sync { get; set; } = "config.sync";
        public string VrrpActive { get; set; } = "vrrp.active";
        public string MailQueue { get; set; } = "mail.queue";
        public string Power { get; set; } = "power";
    }
}
