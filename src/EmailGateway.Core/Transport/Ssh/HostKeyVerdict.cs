namespace EmailGateway.Transport.Ssh
{
    /// <summary>What known_hosts (or a pinned fingerprint) says about the key a server presented.</summary>
    public enum HostKeyVerdict
    {
        /// <summary>A matching entry exists.</summary>
        Trusted,

        /// <summary>No key of any type is recorded for this host.</summary>
        Unknown,

        /// <summary>The host is recorded with other keys only (of this type or another), or the pin differs: possibly a man-in-the-middle.</summary>
        Changed,

        /// <summary>The key is listed under @revoked.</summary>
        Revoked,
    }

    /// <summary>The outcome of checking one presented host key.</summary>
    public sealed class HostKeyCheck
    {
        public HostKeyCheck(HostKeyVerdict verdict, string keyType, string fingerprint, string? source, int line = 0, string? recordedKeyType = null)
        {
            Verdict = verdict;
            KeyType = keyType;
            Fingerprint = fingerprint;
            Source = source;
            Line = line;
            RecordedKeyType = recordedKeyType;
        }

        public HostKeyVerdict Verdict { get; }

        /// <summary>The type of the key the server presented.</summary>
        public string KeyType { get; }

        public string Fingerprint { get; }

        /// <summary>The known_hosts file (or "pinned fingerprint") that decided.</summary>
        public string? Source { get; }

        /// <summary>The line of the matching or conflicting entry, 1-based; 0 when none.</summary>
        public int Line { get; }

        /// <summary>For a changed key: the type of the recorded key it conflicts with.</summary>
        public string? RecordedKeyType { get; }
    }
}
