using EmailGateway.Transport.Ssh;
using Xunit;

namespace EmailGateway.Tests.Core.Ssh;

public sealed class HostKeyPolicyTests : IDisposable
{
    private static readonly byte[] Key = KnownHostsFileTests.Blob("ssh-ed25519", 32, 1);
    private static readonly byte[] OtherKey = KnownHostsFileTests.Blob("ssh-ed25519", 32, 2);
    private readonly string _knownHosts = Path.Combine(Path.GetTempPath(), "policy-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_knownHosts);

    [Fact]
    public void The_fingerprint_is_OpenSSHs_SHA256_form()
    {
        var fingerprint = HostKeyFingerprint.Compute(Key);
        Assert.StartsWith("SHA256:", fingerprint);
        Assert.DoesNotContain("=", fingerprint);
        Assert.Equal(fingerprint, HostKeyFingerprint.Parse(fingerprint.Substring(7) + "="));
    }

    [Theory]
    [InlineData("MD5:12:34:56")]
    [InlineData("SHA256:not base64!")]
    [InlineData("SHA256:AAAA")]
    public void Bad_pins_are_refused_with_a_reason(string pin) =>
        Assert.Throws<FormatException>(() => HostKeyFingerprint.Parse(pin));

    [Fact]
    public void Unknown_keys_are_recorded_only_with_AcceptNewHostKey()
    {
        var refusing = new HostKeyPolicy(Settings());
        Assert.Equal(HostKeyVerdict.Unknown, refusing.Evaluate(Key).Verdict);
        Assert.False(File.Exists(_knownHosts));

        var accepting = new HostKeyPolicy(Settings(accept: true));
        Assert.Equal(HostKeyVerdict.Trusted, accepting.Evaluate(Key).Verdict);
        Assert.True(accepting.RecordedNewKey);
        Assert.Equal(HostKeyVerdict.Trusted, refusing.Evaluate(Key).Verdict);
    }

    [Fact]
    public void AcceptNewHostKey_never_overrides_a_changed_key()
    {
        KnownHostsFile.Append(_knownHosts, "meg1", 2222, OtherKey);
        var policy = new HostKeyPolicy(Settings(accept: true));
        var check = policy.Evaluate(Key);
        Assert.Equal(HostKeyVerdict.Changed, check.Verdict);
        Assert.False(policy.RecordedNewKey);
        var error = Assert.IsType<ChangedHostKeyException>(policy.ToException(check));
        Assert.Contains("ssh-keygen -R '[meg1]:2222'", error.Message);
    }

    [Fact]
    public void A_pin_decides_alone()
    {
        var pinned = Settings();
        pinned.HostKeyFingerprint = HostKeyFingerprint.Compute(Key);
        Assert.Equal(HostKeyVerdict.Trusted, new HostKeyPolicy(pinned).Evaluate(Key).Verdict);
        var check = new HostKeyPolicy(pinned).Evaluate(OtherKey);
        Assert.Equal(HostKeyVerdict.Changed, check.Verdict);
        Assert.Contains("man-in-the-middle", new HostKeyPolicy(pinned).ToException(check).Message);
    }

    [Fact]
    public void The_unknown_key_error_shows_the_fingerprint_and_both_ways_to_trust_it()
    {
        var policy = new HostKeyPolicy(Settings());
        var error = Assert.IsType<UnknownHostKeyException>(policy.ToException(policy.Evaluate(Key)));
        Assert.Contains(HostKeyFingerprint.Compute(Key), error.Message);
        Assert.Contains("-HostKeyFingerprint '" + HostKeyFingerprint.Compute(Key) + "'", error.Message);
        Assert.Contains("-AcceptNewHostKey", error.Message);
        Assert.Equal("HostKeyUnknown", error.ErrorId);
    }

    [Fact]
    public void A_connection_decides_on_a_recorded_key_from_its_one_read()
    {
        KnownHostsFile.Append(_knownHosts, "meg1", 2222, Key);
        var policy = new HostKeyPolicy(Settings());
        var recorded = policy.Lookup();
        Assert.Equal(new[] { "ssh-ed25519" }, policy.RecordedKeyTypes(recorded));
        File.Delete(_knownHosts);
        // Decided on what the connection read before its key exchange: the file is not read again.
        Assert.Equal(HostKeyVerdict.Trusted, policy.Evaluate(Key, recorded).Verdict);
        Assert.Equal(HostKeyVerdict.Unknown, policy.Evaluate(Key, policy.Lookup()).Verdict);
    }

    [Fact]
    public void A_key_unknown_to_a_connections_read_is_decided_again_on_what_another_connection_recorded_since()
    {
        var first = new HostKeyPolicy(Settings(accept: true));
        var second = new HostKeyPolicy(Settings(accept: true));
        var readByFirst = first.Lookup();
        var readBySecond = second.Lookup();
        Assert.Equal(HostKeyVerdict.Trusted, first.Evaluate(Key, readByFirst).Verdict);
        Assert.True(first.RecordedNewKey);
        // The same key: trusted as recorded, and not recorded twice.
        Assert.Equal(HostKeyVerdict.Trusted, second.Evaluate(Key, readBySecond).Verdict);
        Assert.False(second.RecordedNewKey);
        Assert.Single(File.ReadAllLines(_knownHosts));
        // Another key presented for the host by a connection that read before the first recorded: a changed key, never recorded.
        var third = new HostKeyPolicy(Settings(accept: true));
        File.Delete(_knownHosts);
        var readByThird = third.Lookup();
        KnownHostsFile.Append(_knownHosts, "meg1", 2222, Key);
        Assert.Equal(HostKeyVerdict.Changed, third.Evaluate(OtherKey, readByThird).Verdict);
        Assert.False(third.RecordedNewKey);
        Assert.Single(File.ReadAllLines(_knownHosts));
        // Without -AcceptNewHostKey a key recorded since is trusted too, as the file says now.
        File.Delete(_knownHosts);
        var refusing = new HostKeyPolicy(Settings());
        var readByRefusing = refusing.Lookup();
        KnownHostsFile.Append(_knownHosts, "meg1", 2222, Key);
        Assert.Equal(HostKeyVerdict.Trusted, refusing.Evaluate(Key, readByRefusing).Verdict);
    }

    [Fact]
    public void A_pin_needs_no_read_of_known_hosts()
    {
        var pinned = Settings();
        pinned.HostKeyFingerprint = HostKeyFingerprint.Compute(Key);
        var policy = new HostKeyPolicy(pinned);
        KnownHostsFile.Append(_knownHosts, "meg1", 2222, OtherKey);
        Assert.Empty(policy.RecordedKeyTypes(policy.Lookup()));
        Assert.Equal(HostKeyVerdict.Trusted, policy.Evaluate(Key, policy.Lookup()).Verdict);
        Assert.Equal(new[] { "ssh-ed25519" }, policy.RecordedKeyTypes(policy.Lookup()));
    }

    private SshConnectionSettings Settings(bool accept = false) => new()
    {
        Name = "meg1", Host = "meg1", Port = 2222, UserName = "admin", KeyFilePath = "/nonexistent", KnownHostsPath = _knownHosts, AcceptNewHostKey = accept,
    };
}
