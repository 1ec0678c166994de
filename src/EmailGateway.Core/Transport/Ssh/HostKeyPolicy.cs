using System;
using System.Collections.Generic;
using System.IO;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// Decides whether to trust a presented host key: a pinned fingerprint if one is set, otherwise
    /// known_hosts (the given file, or the user's and the system's) as OpenSSH decides. A key is recorded
    /// only for a host with no key recorded at all, and only when
    /// <see cref="SshConnectionSettings.AcceptNewHostKey"/> is set; a changed or revoked key is never trusted.
    /// </summary>
    public sealed class HostKeyPolicy
    {
        private readonly SshConnectionSettings _settings;

        /// <summary>The type of the key that last proved the pin; offered first from then on.</summary>
        private string? _pinnedKeyType;

        public HostKeyPolicy(SshConnectionSettings settings)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        }

        /// <summary>The file new keys are recorded in.</summary>
        public string RecordPath => _settings.KnownHostsPath ?? KnownHostsFile.DefaultUserPath;

        public IReadOnlyList<string> LookupPaths => _settings.KnownHostsPath != null
            ? new[] { _settings.KnownHostsPath }
            : new[] { KnownHostsFile.DefaultUserPath, KnownHostsFile.SystemPath };

        /// <summary>Set when the last <see cref="Evaluate"/> recorded a new key.</summary>
        public bool RecordedNewKey { get; private set; }

        public bool IsPinned => _settings.HostKeyFingerprint != null;

        /// <summary>
        /// What known_hosts records for the host, read once for one connection: it orders the host-key
        /// algorithms and then decides on the key the server presents (<see cref="Evaluate"/>). Each
        /// connection reads again, so it sees a key another connection recorded meanwhile. Empty when
        /// pinned; null when a file cannot be read (<see cref="Evaluate"/> then reads again and reports why).
        /// </summary>
        public KnownHostRecords? Lookup()
        {
            if (IsPinned) return KnownHostRecords.None;
            try
            {
                return KnownHostRecords.Read(LookupPaths, _settings.Host, _settings.Port);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>The key types to offer first: those <paramref name="recorded"/> for the host, or the pinned key's once seen.</summary>
        public IReadOnlyCollection<string> RecordedKeyTypes(KnownHostRecords? recorded)
        {
            if (IsPinned) return _pinnedKeyType is null ? new string[0] : new[] { _pinnedKeyType };
            return recorded?.KeyTypes ?? new string[0];
        }

        /// <summary>
        /// Decides on the presented key: by the pin, or by what <paramref name="recorded"/> holds for this
        /// connection (read now when null; a file that cannot be read then throws). A key unknown there is
        /// decided again on the files as they are now, and recorded when
        /// <see cref="SshConnectionSettings.AcceptNewHostKey"/> is set and it is still unknown.
        /// </summary>
        public HostKeyCheck Evaluate(byte[] keyBlob, KnownHostRecords? recorded = null)
        {
            RecordedNewKey = false;
            if (_settings.HostKeyFingerprint != null)
            {
                var pinned = HostKeyFingerprint.Parse(_settings.HostKeyFingerprint);
                var keyType = KnownHostsFile.KeyTypeOf(keyBlob);
                var actual = HostKeyFingerprint.Compute(keyBlob);
                var matches = string.Equals(pinned, actual, StringComparison.Ordinal);
                if (matches) _pinnedKeyType = keyType;
                return new HostKeyCheck(matches ? HostKeyVerdict.Trusted : HostKeyVerdict.Changed, keyType, actual, $"the pinned fingerprint {pinned}");
            }

            var check = (recorded ?? KnownHostRecords.Read(LookupPaths, _settings.Host, _settings.Port)).Check(keyBlob);
            if (check.Verdict != HostKeyVerdict.Unknown) return check;
            // Unknown to what was read before the key exchange: another connection may have recorded a key since.
            var again = KnownHostsFile.CheckAgain(LookupPaths, _settings.AcceptNewHostKey ? RecordPath : null, _settings.Host, _settings.Port, keyBlob);
            RecordedNewKey = again.Recorded;
            return again.Check;
        }

        /// <summary>The exception for a key that was not trusted.</summary>
        public SshHostKeyException ToException(HostKeyCheck check)
        {
            var endpoint = $"{_settings.Host}:{_settings.Port}";
            switch (check.Verdict)
            {
                case HostKeyVerdict.Unknown:
                    return new UnknownHostKeyException(_settings.DisplayName, endpoint, check);
                case HostKeyVerdict.Revoked:
                    return new RevokedHostKeyException(_settings.DisplayName, endpoint, check);
                default:
                    var hint = _settings.HostKeyFingerprint != null
                        ? "pin the new fingerprint with -HostKeyFingerprint after verifying it on the appliance's console."
                        : $"verify the new fingerprint on the appliance's console, then remove the old entry with: ssh-keygen -R '{KnownHostsFile.HostToken(_settings.Host, _settings.Port)}' -f '{check.Source}'";
                    return new ChangedHostKeyException(_settings.DisplayName, endpoint, check, hint);
            }
        }
    }
}
