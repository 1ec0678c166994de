using System;
using System.Security;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// How to reach one appliance over SSH. Secrets are held as <see cref="SecureString"/> and never
    /// appear in <see cref="ToString"/>, messages or logs.
    /// </summary>
    public sealed class SshConnectionSettings
    {
        public const int DefaultPort = 22;

        /// <summary>The session name (what -ComputerName shows); defaults to <see cref="Host"/>.</summary>
        public string? Name { get; set; }

        public string Host { get; set; } = string.Empty;
        public int Port { get; set; } = DefaultPort;
        public string UserName { get; set; } = string.Empty;

        /// <summary>Password authentication (also answers keyboard-interactive password prompts).</summary>
        public SecureString? Password { get; set; }

        /// <summary>Private-key authentication (OpenSSH, PEM or PuTTY format).</summary>
        public string? KeyFilePath { get; set; }

        public SecureString? KeyPassphrase { get; set; }

        /// <summary>Shares decrypted keys among the connections opened together (one New-GatewaySession call); null: each loads its own.</summary>
        internal ClientKeyCache? KeyCache { get; set; }

        /// <summary>The known_hosts file to verify against and record into; default: the user's OpenSSH file.</summary>
        public string? KnownHostsPath { get; set; }

        /// <summary>A pinned host key fingerprint (<c>SHA256:base64</c>); when set, known_hosts is not consulted.</summary>
        public string? HostKeyFingerprint { get; set; }

        /// <summary>Trust and record a host key that known_hosts does not know yet. Never overrides a changed key.</summary>
        public bool AcceptNewHostKey { get; set; }

        /// <summary>Offer legacy algorithms (SHA-1 key exchange and host keys, CBC ciphers, hmac-sha1) for old appliances.</summary>
        public bool AllowLegacyAlgorithms { get; set; }

        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>The longest one appliance command may run; SSH.NET's own default is infinite.</summary>
        public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

        public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Channels open at once on one connection; sshd refuses more than its MaxSessions (default 10).</summary>
        public int MaxChannels { get; set; } = 4;

        /// <summary>Connection attempts when the server resets a handshake (sshd's MaxStartups throttling).</summary>
        public int ConnectAttempts { get; set; } = 5;

        public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Host : Name!;

        /// <summary>Checks every value and fails with a message naming the problem.</summary>
        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("No host name or address was given.");
            if (Port < 1 || Port > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, $"The port {Port} is not between 1 and 65535.");
            if (string.IsNullOrWhiteSpace(UserName)) throw new ArgumentException($"No user name was given for {DisplayName}.");
            if (Password is null && string.IsNullOrWhiteSpace(KeyFilePath))
                throw new ArgumentException($"No way to authenticate to {DisplayName}: give a credential (password) or a private key file.");
            if (ConnectTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "The connect timeout must be positive.");
            if (CommandTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "The command timeout must be positive.");
            if (MaxChannels < 1 || MaxChannels > 64) throw new ArgumentOutOfRangeException(nameof(MaxChannels), MaxChannels, "Channels per connection must be between 1 and 64.");
            if (ConnectAttempts < 1) throw new ArgumentOutOfRangeException(nameof(ConnectAttempts), ConnectAttempts, "At least one connection attempt is needed.");
            if (HostKeyFingerprint != null) Ssh.HostKeyFingerprint.Parse(HostKeyFingerprint);
        }

        public SshConnectionSettings Clone() => (SshConnectionSettings)MemberwiseClone();

        /// <summary>Describes the target without any secret.</summary>
        public override string ToString() =>
            $"{UserName}@{Host}:{Port} ({(KeyFilePath != null ? "key " + KeyFilePath : "password")})";
    }
}
