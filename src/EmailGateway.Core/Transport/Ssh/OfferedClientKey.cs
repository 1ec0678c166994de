using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// The client key as it is offered for authentication. SSH.NET signs its first public-key request only
    /// for a key with one signature algorithm. An RSA key has three, so SSH.NET first asks the server about
    /// each in turn, starting with ssh-rsa (SHA-1), which OpenSSH refuses since 8.8: two round trips more
    /// than one signed request. rsa-sha2-512 is what modern servers take (OpenSSH since 7.2), so it alone is
    /// offered, signed at once; with -AllowLegacyAlgorithms every algorithm stays, for old appliances.
    /// </summary>
    internal sealed class OfferedClientKey : IPrivateKeySource
    {
        public const string PreferredRsaAlgorithm = "rsa-sha2-512";

        private OfferedClientKey(HostAlgorithm algorithm) => HostKeyAlgorithms = new[] { algorithm };

        public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }

        public static IPrivateKeySource For(IPrivateKeySource key, bool allowLegacy)
        {
            if (allowLegacy || key.HostKeyAlgorithms.Count <= 1) return key;
            var preferred = key.HostKeyAlgorithms.FirstOrDefault(a => a.Name == PreferredRsaAlgorithm);
            return preferred is null ? key : new OfferedClientKey(preferred);
        }
    }
}
