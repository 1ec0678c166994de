namespace EmailGateway.Transport.Ssh
{
    /// <summary>What known_hosts (or a pinned fingerprint) says about the key a server presented.</summary>
    public enum HostKeyVerdict
    {
        /// <summary>A matching entry exists.</summary>
        Trusted,

        /// <summary>No entry for this host and key type.</summary>
        Unknown,

        /// <summary>The host is known with a different key of the same type, or the pin differs: possibly a man-in-the-middle.</summary>
        Changed,

        /// <summary>The key is listed under @revoked.</summary>
        Revoked,
    }

    /// <summary>The outcome of checking one presented host key.</summary>
    public sealed class HostKeyCheck
    {
        public HostKeyCheck(HostKeyVerdict verdict, string keyType, string fingerprint, string? source, int line = 0, string? otherKnownTypes = null)
        {
            Verdict = verdict;
            KeyType = keyType;
            Fingerprint = fingerprint;
            Source = source;
            Line = line;
            OtherKnownTypes = otherKnownTypes;
        }

        public HostKeyVerdict Verdict { get; }
        public string KeyType { get; }
        public string Fingerprint { get; }

        /// <summary>The known_hosts file (or "pinned fingerprint") that decided.</summary>
        public string? Source { get; }

        /// <summary>The line of the matching or conflicting entry, 1-based; 0 when none.</summary>
        public int Line { get; }

        /// <summary>Key types already recorded for the host when this one is unknown.</summary>
        public string? OtherKnownTypes { get; }
    }
}
