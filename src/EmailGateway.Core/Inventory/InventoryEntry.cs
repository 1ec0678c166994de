namespace EmailGateway.Inventory
{
    /// <summary>One appliance of an inventory file. Paths are absolute after loading; credentials never live here.</summary>
    public sealed class InventoryEntry
    {
        /// <summary>The session name; defaults to the host.</summary>
        public string Name { get; set; } = string.Empty;

        public string Host { get; set; } = string.Empty;
        public int? Port { get; set; }
        public string? User { get; set; }

        /// <summary>Private key file.</summary>
        public string? Key { get; set; }

        /// <summary>Device profile file.</summary>
        public string? Profile { get; set; }

        /// <summary>A pinned host key fingerprint (SHA256:...).</summary>
        public string? HostKeyFingerprint { get; set; }

        /// <summary>The network segment (site) the appliance sits in; empty for the default segment.</summary>
        public string? Segment { get; set; }

        /// <summary>Another name for <see cref="Segment"/>, as admins often say "site".</summary>
        public string? Site { get; set; }

        public override string ToString() => $"{Name} ({Host}{(Port is null ? "" : ":" + Port)})";
    }
}
