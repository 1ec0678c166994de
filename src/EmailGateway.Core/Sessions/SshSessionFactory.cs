using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Inventory;
using EmailGateway.Profiles;
using EmailGateway.Transport;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Sessions
{
    /// <summary>
    /// Turns New-GatewaySession's input (computer names or an inventory, plus shared options) into
    /// sessions: every target is validated before any connection is made, and a session is returned only
    /// once its connection is up (host key verified, authenticated).
    /// </summary>
    public static class SshSessionFactory
    {
        public static IReadOnlyList<SshSessionTarget> FromComputerNames(IReadOnlyList<string> computerNames, SshSessionOptions options, string? sessionName = null)
        {
            if (computerNames is null || computerNames.Count == 0) throw new ArgumentException("No computer name was given.");
            if (sessionName != null && computerNames.Count > 1)
                throw new ArgumentException($"-Name names one session, but {computerNames.Count} computers were given.");
            var profiles = new ProfileCache();
            var keys = new ClientKeyCache();
            var targets = computerNames.Select(computer =>
            {
                var (host, port) = SplitHostPort(computer);
                return Target(sessionName ?? computer.Trim(), host, port ?? options.Port, options.UserName, options.KeyFilePath,
                    options.HostKeyFingerprint, profiles.Get(options.DeviceProfilePath), options, options.Segment, keys);
            }).ToList();
            return CheckUnique(targets);
        }

        public static IReadOnlyList<SshSessionTarget> FromInventory(IReadOnlyList<InventoryEntry> entries, SshSessionOptions options)
        {
            var profiles = new ProfileCache();
            var keys = new ClientKeyCache();
            var targets = entries.Select(entry => Target(entry.Name, entry.Host, entry.Port ?? options.Port,
                entry.User ?? options.UserName, entry.Key ?? options.KeyFilePath,
                entry.HostKeyFingerprint ?? options.HostKeyFingerprint,
                profiles.Get(entry.Profile ?? options.DeviceProfilePath), options, entry.Segment ?? options.Segment, keys)).ToList();
            return CheckUnique(targets);
        }

        /// <summary>Connects and returns the session; on failure nothing is left open.</summary>
        public static async Task<GatewaySession> OpenAsync(SshSessionTarget target, IOperationLog? log, CancellationToken cancellationToken)
        {
            var transport = new SshTransport(target.Settings, target.Profile, log);
            try
            {
                await transport.ConnectAsync(cancellationToken).ConfigureAwait(false);
                transport.Log = null;
                return new GatewaySession(transport, target.Profile, segment: target.Segment);
            }
            catch
            {
                transport.Dispose();
                throw;
            }
        }

        /// <summary>Accepts <c>host</c>, <c>host:port</c> and <c>[v6-address]:port</c>.</summary>
        public static (string Host, int? Port) SplitHostPort(string computerName) =>
            HostPort.TrySplit(computerName, "a computer name", out var host, out var port, out var error)
                ? (host, port)
                : throw new ArgumentException(char.ToUpperInvariant(error[0]) + error.Substring(1) + ".");

        private static SshSessionTarget Target(string name, string host, int? port, string? user, string? keyFile, string? fingerprint, DeviceProfile profile, SshSessionOptions options, string? segment, ClientKeyCache keys)
        {
            var settings = new SshConnectionSettings
            {
                Name = name,
                Host = host,
                Port = port ?? SshConnectionSettings.DefaultPort,
                UserName = string.IsNullOrWhiteSpace(user) ? Environment.UserName : user!,
                Password = options.Password != null && options.Password.Length > 0 ? options.Password : null,
                KeyFilePath = keyFile is null ? null : Path.GetFullPath(keyFile),
                KeyPassphrase = options.KeyPassphrase,
                KnownHostsPath = options.KnownHostsPath is null ? null : Path.GetFullPath(options.KnownHostsPath),
                HostKeyFingerprint = fingerprint,
                AcceptNewHostKey = options.AcceptNewHostKey,
                AllowLegacyAlgorithms = options.AllowLegacyAlgorithms,
                KeyCache = keys,
            };
            if (options.ConnectTimeout is TimeSpan connect) settings.ConnectTimeout = connect;
            if (options.CommandTimeout is TimeSpan command) settings.CommandTimeout = command;
            if (options.MaxChannels is int channels) settings.MaxChannels = channels;
            settings.Validate();
            if (settings.KeyFilePath != null && !File.Exists(settings.KeyFilePath))
                throw new FileNotFoundException($"The private key file '{settings.KeyFilePath}' for {name} does not exist.", settings.KeyFilePath);
            return new SshSessionTarget(settings, profile, segment);
        }

        private static IReadOnlyList<SshSessionTarget> CheckUnique(List<SshSessionTarget> targets)
        {
            var duplicate = targets.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null) throw new ArgumentException($"'{duplicate.Key}' is given more than once.");
            return targets;
        }

        private sealed class ProfileCache
        {
            private readonly Dictionary<string, DeviceProfile> _loaded = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);

            public DeviceProfile Get(string? path)
            {
                if (string.IsNullOrWhiteSpace(path)) return DeviceProfile.Default;
                var full = Path.GetFullPath(path);
                if (!_loaded.TryGetValue(full, out var profile)) _loaded[full] = profile = DeviceProfile.Load(full);
                return profile;
            }
        }
    }
}
