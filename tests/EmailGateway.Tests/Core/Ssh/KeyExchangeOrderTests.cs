using EmailGateway.Transport.Ssh;
using Renci.SshNet;
using Xunit;

namespace EmailGateway.Tests.Core.Ssh;

/// <summary>The key exchange offer: the cheapest secure exchanges first, nothing dropped, legacy ones only on request.</summary>
public sealed class KeyExchangeOrderTests
{
    [Fact]
    public void Curve25519_is_offered_before_the_costly_sntrup761_hybrid_and_nothing_is_dropped()
    {
        var info = new ConnectionInfo("h", 22, "u", new NoneAuthenticationMethod("u"));
        var before = info.KeyExchangeAlgorithms.Keys.ToList();
        Assert.True(before.IndexOf("sntrup761x25519-sha512") < before.IndexOf("curve25519-sha256"), "SSH.NET's own order puts sntrup761 first");

        SshAlgorithms.Apply(info, allowLegacy: true, new string[0]);

        var offer = info.KeyExchangeAlgorithms.Keys.ToList();
        var preferred = SshAlgorithms.PreferredKeyExchange.Where(before.Contains).ToList();
        Assert.Contains("curve25519-sha256", preferred);
        Assert.Equal(preferred, offer.Take(preferred.Count));
        Assert.True(offer.IndexOf("curve25519-sha256") < offer.IndexOf("sntrup761x25519-sha512"));
        Assert.Equal(before.OrderBy(a => a, StringComparer.Ordinal), offer.OrderBy(a => a, StringComparer.Ordinal));
    }

    [Fact]
    public void Without_legacy_algorithms_the_order_holds_and_no_sha1_exchange_is_offered()
    {
        var info = new ConnectionInfo("h", 22, "u", new NoneAuthenticationMethod("u"));
        SshAlgorithms.Apply(info, allowLegacy: false, new string[0]);
        var offer = info.KeyExchangeAlgorithms.Keys.ToList();
        Assert.True(offer.IndexOf("curve25519-sha256") < offer.IndexOf("sntrup761x25519-sha512"));
        Assert.DoesNotContain(offer, a => a.EndsWith("-sha1", StringComparison.Ordinal));
    }
}
