using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Protocol;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests;

[Collection(ApplianceCollection.Name)]
public sealed class HostKeyTests
{
    private readonly ApplianceFixture _fixture;

    public HostKeyTests(ApplianceFixture fixture) => _fixture = fixture;

    [SshdFact]
    public async Task A_key_in_a_plain_known_hosts_entry_is_trusted()
    {
        using var transport = new SshTransport(_fixture.Settings());
        var result = await transport.ExecuteAsync("show status", CancellationToken.None);
        Assert.Equal(0, result.ExitStatus);
        Assert.Equal("meg1.example.com", StatusDocument.Parse(result.StandardOutput).Hostname);
    }

    [SshdFact]
    public async Task A_key_in_a_hashed_known_hosts_entry_is_trusted()
    {
        var knownHosts = _fixture.Cluster.WriteKnownHosts(_fixture.TempFile("known_hosts"), hashed: true);
        Assert.Contains("|1|", File.ReadAllText(knownHosts));
        Assert.DoesNotContain("127.0.1.", File.ReadAllText(knownHosts));
        using var transport = new SshTransport(_fixture.Settings(1, knownHosts: knownHosts));
        await transport.ConnectAsync(CancellationToken.None);
        Assert.True(transport.IsConnected);
    }

    [SshdFact]
    public async Task An_unknown_key_is_refused_with_its_fingerprint_and_how_to_trust_it()
    {
        var knownHosts = _fixture.TempFile("empty_known_hosts");
        using var transport = new SshTransport(_fixture.Settings(knownHosts: knownHosts));
        var error = await Assert.ThrowsAsync<UnknownHostKeyException>(() => transport.ConnectAsync(CancellationToken.None));
        Assert.Equal(_fixture.Cluster.HostKeyFingerprint, error.Fingerprint);
        Assert.Contains(_fixture.Cluster.HostKeyFingerprint, error.Message);
        Assert.Contains("-HostKeyFingerprint", error.Message);
        Assert.Contains("-AcceptNewHostKey", error.Message);
        Assert.False(File.Exists(knownHosts));
        Assert.False(transport.IsConnected);
    }

    [SshdFact]
    public async Task AcceptNewHostKey_records_the_key_in_OpenSSH_format_and_connects()
    {
        var knownHosts = _fixture.TempFile("accept_known_hosts");
        var settings = _fixture.Settings(2, knownHosts: knownHosts);
        settings.AcceptNewHostKey = true;
        using (var transport = new SshTransport(settings))
            await transport.ConnectAsync(CancellationToken.None);
        var line = File.ReadAllLines(knownHosts).Single();
        Assert.Equal($"[{_fixture.Cluster.Addresses[2]}]:{_fixture.Cluster.Port} {_fixture.Cluster.HostPublicKey}", line);
        // OpenSSH itself accepts the recorded entry.
        var found = Shell.Run("ssh-keygen", "-F", $"[{_fixture.Cluster.Addresses[2]}]:{_fixture.Cluster.Port}", "-f", knownHosts);
        Assert.Contains(_fixture.Cluster.HostPublicKey.Split(' ')[1], found);

        settings.AcceptNewHostKey = false;
        using var again = new SshTransport(settings);
        await again.ConnectAsync(CancellationToken.None);
    }

    [SshdFact]
    public async Task A_pinned_fingerprint_is_trusted_without_known_hosts()
    {
        var settings = _fixture.Settings(knownHosts: _fixture.TempFile("none"));
        settings.HostKeyFingerprint = _fixture.Cluster.HostKeyFingerprint;
        using var transport = new SshTransport(settings);
        await transport.ConnectAsync(CancellationToken.None);
    }

    [SshdFact]
    public async Task A_different_pinned_fingerprint_is_a_changed_key()
    {
        var settings = _fixture.Settings();
        settings.HostKeyFingerprint = Shell.Run("ssh-keygen", "-l", "-E", "sha256", "-f", _fixture.Cluster.OtherHostKeyPath + ".pub").Split(' ')[1];
        using var transport = new SshTransport(settings);
        var error = await Assert.ThrowsAsync<ChangedHostKeyException>(() => transport.ConnectAsync(CancellationToken.None));
        Assert.Contains("man-in-the-middle", error.Message);
    }

    [SshdFact]
    public async Task A_changed_key_is_its_own_error_and_never_connects_even_with_AcceptNewHostKey()
    {
        var knownHosts = _fixture.Cluster.WriteKnownHosts(_fixture.TempFile("changed"), publicKey: _fixture.Cluster.OtherHostPublicKey);
        var before = File.ReadAllText(knownHosts);
        var settings = _fixture.Settings(knownHosts: knownHosts);
        settings.AcceptNewHostKey = true;
        using var transport = new SshTransport(settings);
        var error = await Assert.ThrowsAsync<ChangedHostKeyException>(() => transport.ConnectAsync(CancellationToken.None));
        Assert.Equal("HostKeyChanged", error.ErrorId);
        Assert.Contains("man-in-the-middle", error.Message);
        Assert.Contains("ssh-keygen -R", error.Message);
        Assert.Contains(_fixture.Cluster.HostKeyFingerprint, error.Message);
        Assert.Equal(before, File.ReadAllText(knownHosts));
        Assert.False(transport.IsConnected);
    }

    [SshdFact]
    public async Task A_revoked_key_is_refused()
    {
        var knownHosts = _fixture.Cluster.WriteKnownHosts(_fixture.TempFile("revoked"));
        File.AppendAllText(knownHosts, $"@revoked * {_fixture.Cluster.HostPublicKey}\n");
        using var transport = new SshTransport(_fixture.Settings(knownHosts: knownHosts));
        await Assert.ThrowsAsync<RevokedHostKeyException>(() => transport.ConnectAsync(CancellationToken.None));
    }
}
