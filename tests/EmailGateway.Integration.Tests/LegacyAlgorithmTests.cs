using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Protocol;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests;

/// <summary>An old appliance offering only SHA-1 key exchange, an ssh-rsa host key, CBC ciphers and hmac-sha1.</summary>
public sealed class LegacyAlgorithmTests : IClassFixture<LegacyAlgorithmTests.LegacyLab>
{
    private readonly LegacyLab _lab;

    public LegacyAlgorithmTests(LegacyLab lab) => _lab = lab;

    [SshdFact]
    public async Task Legacy_only_servers_are_refused_by_default_with_the_switch_named()
    {
        using var transport = new SshTransport(_lab.Settings(allowLegacy: false));
        var error = await Assert.ThrowsAsync<SshAlgorithmNegotiationException>(() => transport.ConnectAsync(CancellationToken.None));
        Assert.Contains("-AllowLegacyAlgorithms", error.Message);
        Assert.Equal("AlgorithmNegotiationFailed", error.ErrorId);
    }

    [SshdFact]
    public async Task AllowLegacyAlgorithms_connects_to_them()
    {
        using var transport = new SshTransport(_lab.Settings(allowLegacy: true));
        var result = await transport.ExecuteAsync("show status", CancellationToken.None);
        Assert.Equal("meg1.example.com", StatusDocument.Parse(result.StandardOutput).Hostname);
    }

    public sealed class LegacyLab : IDisposable
    {
        private readonly ApplianceLab _lab = ApplianceLab.Start(1, firstOctet: 240, new[] { "--preset", "Healthy" }, legacyOnly: true);

        public SshConnectionSettings Settings(bool allowLegacy) => new()
        {
            Host = _lab.Cluster.Addresses[0],
            Port = _lab.Cluster.Port,
            UserName = _lab.Cluster.UserName,
            KeyFilePath = _lab.Cluster.ClientKeyPath,
            HostKeyFingerprint = _lab.Cluster.HostKeyFingerprint,
            AllowLegacyAlgorithms = allowLegacy,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

        public void Dispose() => _lab.Dispose();
    }
}
