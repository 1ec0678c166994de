using System.Text;
using EmailGateway.Transport.Ssh;
using Renci.SshNet;
using Xunit;

namespace EmailGateway.Tests.Core.Ssh;

public sealed class ClientKeyCacheTests
{
    // Throwaway keys made for this test with ssh-keygen; they open nothing.
    private const string Ed25519Key = """
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBP1enLIORK52/MwngMNJJctdEykdSYMJnGjwc/ApteMgAAAIgA0ktgANJL
YAAAAAtzc2gtZWQyNTUxOQAAACBP1enLIORK52/MwngMNJJctdEykdSYMJnGjwc/ApteMg
AAAECsIurdeIpCOBnzmob2Z39CHlAVgO87j19nRK0u6EvYFU/V6csg5Ernb8zCeAw0kly1
0TKR1JgwmcaPBz8Cm14yAAAABHRlc3QB
-----END OPENSSH PRIVATE KEY-----
""";

    private const string EcdsaKey = """
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS
1zaGEyLW5pc3RwMjU2AAAACG5pc3RwMjU2AAAAQQSH+rGlIZBe6BN2gRZ5i0fT0HP600ex
kRgkERLguF+a7jUWoXWNtOvAwLtQpa/t6R5/ey+vbHt3vybOf1zpDHhVAAAAoD8++9c/Pv
vXAAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIf6saUhkF7oE3aB
FnmLR9PQc/rTR7GRGCQREuC4X5ruNRahdY2068DAu1Clr+3pHn97L69se3e/Js5/XOkMeF
UAAAAgddrmzwLhGDZYLCqJSn/zhvGivaXXFWgHaZZUpZB0R3oAAAAEdGVzdAECAwQ=
-----END OPENSSH PRIVATE KEY-----
""";

    private static Func<PrivateKeyFile> Loader(string text, Action counted) => () =>
    {
        counted();
        return new PrivateKeyFile(new MemoryStream(Encoding.ASCII.GetBytes(text + "\n")));
    };

    [Fact]
    public void An_ed25519_key_is_loaded_once_for_the_connections_that_hold_it()
    {
        var cache = new ClientKeyCache();
        var loads = 0;
        var leases = Enumerable.Range(0, 16).AsParallel().Select(_ => cache.Acquire("/keys/admin", Loader(Ed25519Key, () => Interlocked.Increment(ref loads)))).ToList();
        Assert.Equal(1, loads);
        Assert.Single(leases.Select(l => l.Key).Distinct());
        foreach (var lease in leases) lease.Dispose();

        // Released by every connection: the next one loads it again.
        using var again = cache.Acquire("/keys/admin", Loader(Ed25519Key, () => loads++));
        Assert.Equal(2, loads);
    }

    [Fact]
    public void Other_key_types_are_loaded_by_each_connection()
    {
        var cache = new ClientKeyCache();
        var loads = 0;
        using var first = cache.Acquire("/keys/ecdsa", Loader(EcdsaKey, () => loads++));
        using var second = cache.Acquire("/keys/ecdsa", Loader(EcdsaKey, () => loads++));
        Assert.Equal(2, loads);
        Assert.NotSame(first.Key, second.Key);
    }

    [Fact]
    public void A_key_that_fails_to_load_is_not_kept()
    {
        var cache = new ClientKeyCache();
        var loads = 0;
        Assert.Throws<InvalidOperationException>(() => cache.Acquire("/keys/admin", () => { loads++; throw new InvalidOperationException("bad passphrase"); }));
        using var lease = cache.Acquire("/keys/admin", Loader(Ed25519Key, () => loads++));
        Assert.Equal(2, loads);
        Assert.NotNull(lease.Key);
    }
}
