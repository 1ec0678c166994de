using System;
using System.Security;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Sessions
{
    /// <summary>What New-GatewaySession was given, shared by every appliance it opens a session to.</summary>
    public sealed class SshSessionOptions
    {
        public int? Port { get; set; }

        /// <summary>The user of the credential; an inventory entry's user takes precedence, the current user is the fallback.</summary>
        public string? UserName { get; set; }

        public SecureString? Password { get; set; }
        public string? KeyFilePath { get; set; }
        public SecureString? KeyPassphrase { get; set; }
        public string? KnownHostsPath { get; set; }
        public string? HostKeyFingerprint { get; set; }
        public bool AcceptNewHostKey { get; set; }
        public bool AllowLegacyAlgorithms { get; set; }
        public TimeSpan? ConnectTimeout { get; set; }
        public TimeSpan? CommandTimeout { get; set; }
        public int? MaxChannels { get; set; }

        /// <summary>A device profile file used for every appliance that does not name its own.</summary>
        public string? DeviceProfilePath { get; set; }
    }

    /// <summary>One session to open: where, how, and the profile to speak.</summary>
    public sealed class SshSessionTarget
    {
        public SshSessionTarget(SshConnectionSettings settings, Profiles.DeviceProfile profile)
        {
            Settings = settings;
            Profile = profile;
        }

        public SshConnectionSettings Settings { get; }
        public Profiles.DeviceProfile Profile { get; }
        public string Name => Settings.DisplayName;
        public override string ToString() => Settings.ToString();
    }
}
