using System;
using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// The client keys of one New-GatewaySession call, each decrypted once for all its connections: an
    /// encrypted OpenSSH key costs hundreds of milliseconds of CPU to decrypt (bcrypt key derivation), which
    /// 64 appliances would otherwise pay 64 times. Only Ed25519 keys are shared, whose signatures keep no state between calls;
    /// an RSA or ECDSA key object signs through state of its own (in some builds a shared signer), so every
    /// connection loads its own. A shared key is held while a connection that uses it is open and disposed with
    /// the last one; a key that fails to load is not kept, so each connection reports its own failure.
    /// </summary>
    internal sealed class ClientKeyCache
    {
        private readonly Dictionary<string, Entry> _keys = new Dictionary<string, Entry>(StringComparer.Ordinal);

        /// <summary>The key at <paramref name="path"/>: the shared one when a connection holds it already, else loaded by <paramref name="load"/>.</summary>
        public Lease Acquire(string path, Func<PrivateKeyFile> load)
        {
            Entry entry;
            lock (_keys)
            {
                if (!_keys.TryGetValue(path, out entry!)) _keys[path] = entry = new Entry();
                entry.Holders++;
            }
            try
            {
                // Connections that need the same key wait for its one load instead of each decrypting it.
                lock (entry)
                {
                    if (entry.Key != null) return new Lease(this, path, entry, entry.Key);
                    if (!entry.Unshared)
                    {
                        var key = load();
                        if (IsShareable(key)) return new Lease(this, path, entry, entry.Key = key);
                        entry.Unshared = true;
                        return new Lease(this, path, entry, key, owned: true);
                    }
                }
                return new Lease(this, path, entry, load(), owned: true);
            }
            catch
            {
                Release(path, entry);
                throw;
            }
        }

        internal static bool IsShareable(PrivateKeyFile key) => key.Key is ED25519Key;

        private void Release(string path, Entry entry)
        {
            lock (_keys)
            {
                if (--entry.Holders > 0) return;
                _keys.Remove(path);
            }
            lock (entry) entry.Key?.Dispose();
        }

        internal sealed class Entry
        {
            public int Holders;
            public PrivateKeyFile? Key;
            public bool Unshared;
        }

        /// <summary>One connection's hold on a key; disposing it lets a shared key go with the last holder.</summary>
        public sealed class Lease : IDisposable
        {
            private ClientKeyCache? _cache;
            private readonly string _path;
            private readonly Entry _entry;
            private readonly bool _owned;

            internal Lease(ClientKeyCache cache, string path, Entry entry, PrivateKeyFile key, bool owned = false)
            {
                _cache = cache;
                _path = path;
                _entry = entry;
                Key = key;
                _owned = owned;
            }

            public PrivateKeyFile Key { get; }

            public void Dispose()
            {
                var cache = System.Threading.Interlocked.Exchange(ref _cache, null);
                if (cache is null) return;
                if (_owned) Key.Dispose();
                cache.Release(_path, _entry);
            }
        }
    }
}
