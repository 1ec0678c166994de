using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// What known_hosts files record for one host and port, read in one pass: the entries under the lookup
    /// name (<c>[host]:port</c>, or the host for port 22) and, for another port, those under the bare host
    /// name. One connection reads them once, orders its host-key algorithms by them and then decides on the
    /// presented key with them.
    /// </summary>
    public sealed class KnownHostRecords
    {
        private readonly IReadOnlyList<KnownHostsEntry> _entries;
        private readonly IReadOnlyList<KnownHostsEntry> _bareEntries;
        private readonly string? _firstPath;

        private KnownHostRecords(IReadOnlyList<KnownHostsEntry> entries, IReadOnlyList<KnownHostsEntry> bareEntries, string? firstPath)
        {
            (_entries, _bareEntries, _firstPath) = (entries, bareEntries, firstPath);
        }

        /// <summary>Nothing recorded (a pinned fingerprint decides without known_hosts).</summary>
        public static KnownHostRecords None { get; } = new KnownHostRecords(new KnownHostsEntry[0], new KnownHostsEntry[0], null);

        /// <summary>Reads the files once for the host and port. Missing files count as empty.</summary>
        public static KnownHostRecords Read(IEnumerable<string> paths, string host, int port)
        {
            var files = paths.ToList();
            var token = KnownHostsFile.HostToken(host, port);
            var bare = port == 22 ? null : KnownHostsFile.HostToken(host, 22);
            var entries = new List<KnownHostsEntry>();
            var bareEntries = new List<KnownHostsEntry>();
            foreach (var entry in files.SelectMany(KnownHostsEntry.Read))
            {
                if (entry.MatchesHost(token)) entries.Add(entry);
                if (bare != null && entry.MatchesHost(bare)) bareEntries.Add(entry);
            }
            return new KnownHostRecords(entries, bareEntries, files.FirstOrDefault());
        }

        /// <summary>
        /// The key types recorded under the lookup name (not counting a type whose first recorded key is
        /// revoked), in the order first seen: what the host-key algorithm offer puts first.
        /// </summary>
        public IReadOnlyCollection<string> KeyTypes
        {
            get
            {
                var seen = new HashSet<string>(System.StringComparer.Ordinal);
                var recorded = new List<string>();
                foreach (var entry in _entries.Where(e => e.IsHostKey))
                {
                    if (!seen.Add(entry.KeyType)) continue;
                    if (!_entries.Any(e => e.IsRevocation && e.SameKey(entry.Key))) recorded.Add(entry.KeyType);
                }
                return recorded;
            }
        }

        /// <summary>
        /// Decides on a presented key as OpenSSH's ssh does: a key under <c>@revoked</c> is refused; a key
        /// recorded for the host is trusted; a host with any other key recorded, of whatever type, has
        /// changed; a host with none is unknown. For a port other than 22, a key that is unknown under
        /// <c>[host]:port</c> is still trusted when it is recorded under the bare host name.
        /// </summary>
        public HostKeyCheck Check(byte[] keyBlob)
        {
            var check = Check(_entries, keyBlob);
            if (check.Verdict == HostKeyVerdict.Unknown && _bareEntries.Count > 0)
            {
                var bare = Check(_bareEntries, keyBlob);
                if (bare.Verdict == HostKeyVerdict.Trusted) return bare;
            }
            return check;
        }

        private HostKeyCheck Check(IReadOnlyList<KnownHostsEntry> entries, byte[] keyBlob)
        {
            var keyType = KnownHostsFile.KeyTypeOf(keyBlob);
            var fingerprint = HostKeyFingerprint.Compute(keyBlob);
            var revoked = entries.FirstOrDefault(e => e.IsRevocation && e.SameKey(keyBlob));
            if (revoked != null) return new HostKeyCheck(HostKeyVerdict.Revoked, keyType, fingerprint, revoked.Path, revoked.Line);
            var hostKeys = entries.Where(e => e.IsHostKey).ToList();
            var match = hostKeys.FirstOrDefault(e => e.SameKey(keyBlob));
            if (match != null) return new HostKeyCheck(HostKeyVerdict.Trusted, keyType, fingerprint, match.Path, match.Line);
            // The offending entry: one of the presented type if there is one, else the first recorded.
            var offending = hostKeys.FirstOrDefault(e => e.KeyType == keyType) ?? hostKeys.FirstOrDefault();
            return offending != null
                ? new HostKeyCheck(HostKeyVerdict.Changed, keyType, fingerprint, offending.Path, offending.Line, offending.KeyType)
                : new HostKeyCheck(HostKeyVerdict.Unknown, keyType, fingerprint, _firstPath);
        }
    }
}
