using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Protocol;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests;

[Collection(ApplianceCollection.Name)]
public sealed class AuthenticationTests
{
    private readonly ApplianceFixture _fixture;

    public AuthenticationTests(ApplianceFixture fixture) => _fixture = fixture;

    [SshdFact]
    public async Task Password_authentication_works()
    {
        using var transport = new SshTransport(_fixture.Settings(password: true));
        var result = await transport.ExecuteAsync("show status", CancellationToken.None);
        Assert.Equal("meg1.example.com", StatusDocument.Parse(result.StandardOutput).Hostname);
    }

    [SshdFact]
    public async Task A_key_with_a_passphrase_works()
    {
        var settings = _fixture.Settings();
        settings.KeyFilePath = _fixture.Cluster.EncryptedClientKeyPath;
        settings.KeyPassphrase = ApplianceFixture.Secure(_fixture.Cluster.ClientKeyPassphrase);
        using var transport = new SshTransport(settings);
        await transport.ConnectAsync(CancellationToken.None);
    }

    [SshdFact]
    public void A_wrong_key_passphrase_is_a_clear_error_without_the_passphrase()
    {
        var settings = _fixture.Settings();
        settings.KeyFilePath = _fixture.Cluster.EncryptedClientKeyPath;
        settings.KeyPassphrase = ApplianceFixture.Secure("not-the-passphrase-xyzzy");
        var error = Assert.Throws<SshKeyFileException>(() => new SshTransport(settings));
        Assert.DoesNotContain("xyzzy", error.ToString());
        Assert.Contains(settings.KeyFilePath, error.Message);
    }

    [SshdFact]
    public async Task A_wrong_password_is_an_authentication_error_without_the_password()
    {
        var settings = _fixture.Settings(password: true);
        settings.Password = ApplianceFixture.Secure("wrong-password-plugh");
        using var transport = new SshTransport(settings);
        var error = await Assert.ThrowsAsync<SshAuthenticationFailedException>(() => transport.ConnectAsync(CancellationToken.None));
        Assert.Equal("AuthenticationFailed", error.ErrorId);
        Assert.Contains(_fixture.Cluster.UserName, error.Message);
        Assert.DoesNotContain("plugh", error.ToString());
    }

    [SshdFact]
    public async Task An_unknown_user_is_an_authentication_error()
    {
        var settings = _fixture.Settings(password: true);
        settings.UserName = "nobody-here";
        using var transport = new SshTransport(settings);
        await Assert.ThrowsAsync<SshAuthenticationFailedException>(() => transport.ConnectAsync(CancellationToken.None));
    }

    [SshdFact]
    public async Task A_refused_connection_is_unreachable_at_once()
    {
        var settings = _fixture.Settings();
        settings.Host = "127.0.1.250"; // nobody listens there
        settings.KnownHostsPath = _fixture.TempFile("none");
        using var transport = new SshTransport(settings);
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<SshUnreachableException>(() => transport.ExecuteAsync("show status", CancellationToken.None));
        Assert.Equal(ErrorCodes.Unreachable, error.Code);
        Assert.Contains("refused", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [SshdFact]
    public async Task A_failing_command_returns_its_status_and_error_line()
    {
        using var transport = new SshTransport(_fixture.Settings());
        var result = await transport.ExecuteAsync("frobnicate", CancellationToken.None);
        Assert.Equal(1, result.ExitStatus);
        Assert.Equal("unknown-command", ApplianceError.Parse(result.StandardError, result.ExitStatus).Code);
    }

    [SshdFact]
    public async Task The_connection_is_reused_and_reopened_after_it_drops()
    {
        using var transport = new SshTransport(_fixture.Settings(3));
        await transport.ExecuteAsync("show status", CancellationToken.None);
        var sessions = Shell.Run("sh", "-c", $"ss -tn state established '( dport = :{_fixture.Cluster.Port} )' | grep -c {_fixture.Cluster.Addresses[3]} || true").Trim();
        for (var i = 0; i < 5; i++) await transport.ExecuteAsync("show status", CancellationToken.None);
        Assert.Equal(sessions, Shell.Run("sh", "-c", $"ss -tn state established '( dport = :{_fixture.Cluster.Port} )' | grep -c {_fixture.Cluster.Addresses[3]} || true").Trim());
        Assert.Equal("1", sessions);

        // End the sshd processes serving this connection (found by its socket): the next call must reconnect by itself.
        var owners = Shell.Run("sh", "-c", $"ss -Htnp state established '( sport = :{_fixture.Cluster.Port} )' src {_fixture.Cluster.Addresses[3]}");
        var pids = System.Text.RegularExpressions.Regex.Matches(owners, @"pid=(\d+)").Select(m => m.Groups[1].Value).Distinct()
            .Where(pid => !_fixture.Cluster.ServerProcessIds.Contains(int.Parse(pid))).ToList();
        Assert.NotEmpty(pids);
        // A short-lived child can hold the socket when ss looks and be gone before kill: only the live ones count.
        var killed = Shell.Run("sh", "-c", string.Join("; ", pids.Select(pid => $"kill {pid} 2>/dev/null && echo {pid}")) + "; true").Trim();
        Assert.NotEmpty(killed);
        await Task.Delay(300);
        var result = await transport.ExecuteAsync("show status", CancellationToken.None);
        Assert.Equal("meg4.example.com", StatusDocument.Parse(result.StandardOutput).Hostname);
    }
}
