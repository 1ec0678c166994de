using EmailGateway.Transport.Ssh;
using Renci.SshNet;
using Xunit;

namespace EmailGateway.Tests.Core.Ssh;

/// <summary>The host-key algorithm offer follows OpenSSH's rule (sshconnect2.c): recorded key types first.</summary>
public sealed class HostKeyAlgorithmOrderTests
{
    private static readonly string[] Offer = { "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256" };

    [Fact]
    public void Nothing_recorded_keeps_the_offer() =>
        Assert.Equal(Offer, SshAlgorithms.PreferRecorded(Offer, new string[0]));

    [Fact]
    public void A_recorded_key_of_the_first_type_keeps_the_whole_offer_as_it_is() =>
        Assert.Equal(Offer, SshAlgorithms.PreferRecorded(Offer, new[] { "ssh-rsa", "ssh-ed25519" }));

    [Fact]
    public void Recorded_types_go_first_in_offer_order()
    {
        Assert.Equal(new[] { "rsa-sha2-512", "rsa-sha2-256", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" },
            SshAlgorithms.PreferRecorded(Offer, new[] { "ssh-rsa" }));
        // ECDSA keys are told apart by their curve.
        Assert.Equal(new[] { "ecdsa-sha2-nistp384", "rsa-sha2-512", "rsa-sha2-256", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp521" },
            SshAlgorithms.PreferRecorded(Offer, new[] { "ssh-rsa", "ecdsa-sha2-nistp384" }));
    }

    [Theory]
    [InlineData("rsa-sha2-512", "ssh-rsa")]
    [InlineData("ssh-rsa", "ssh-rsa")]
    [InlineData("ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521")]
    [InlineData("ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519")]
    [InlineData("rsa-sha2-256-cert-v01@openssh.com", "ssh-rsa")]
    public void An_algorithm_names_the_key_type_it_signs_with(string algorithm, string keyType) =>
        Assert.Equal(keyType, SshAlgorithms.KeyTypeOf(algorithm));

    [Fact]
    public void The_connection_offer_has_no_certificates_and_puts_recorded_types_first()
    {
        var info = new ConnectionInfo("h", 22, "u", new NoneAuthenticationMethod("u"));
        SshAlgorithms.Apply(info, allowLegacy: false, new[] { "ecdsa-sha2-nistp256" });
        var offer = info.HostKeyAlgorithms.Keys.ToList();
        Assert.DoesNotContain(offer, a => a.Contains("-cert-"));
        Assert.Equal("ecdsa-sha2-nistp256", offer[0]);
        Assert.Equal("ssh-ed25519", offer[1]);
    }
}
