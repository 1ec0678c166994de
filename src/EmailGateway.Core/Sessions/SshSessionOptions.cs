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

        /// <summary>The network segment of every appliance that does not name its own (an inventory's segment: wins); null for the default segment.</summary>
        public string? Segment { get; set; }

        /// <summary>A device profile file used for every appliance that does not name its own.</summary>
        public string? DeviceProfilePath { get; set; }
    }

    /// <summary>One session to open: where, how, and the profile to speak.</summary>
    public sealed class SshSessionTarget
    {
        public SshSessionTarget(SshConnectionSettings settings, Profiles.DeviceProfile profile, string? segment = null)
        {
            Settings = settings;
            Profile = profile;
            Segment = Model.SegmentName.Validate(segment);
        }

        public SshConnectionSettings Settings { get; }
        public Profiles.DeviceProfile Profile { get; }
        public string Name => Settings.DisplayName;

        /// <summary>The network segment the session will carry; empty for the default segment.</summary>
        public string Segment { get; }
        public override string ToString() => Settings.ToString();
    }
}
