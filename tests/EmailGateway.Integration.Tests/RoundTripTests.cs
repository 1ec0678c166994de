using System.Text.RegularExpressions;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Sessions;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// What the client asks of sshd before and for each command, counted in sshd's own log of the messages it
/// receives (LogLevel DEBUG3: "receive packet: type N"), not timed: a session connects once and
/// authenticates with one signed request, with an ed25519 or an RSA key; each status read then costs one
/// channel and one exec request.
/// </summary>
public sealed class RoundTripTests : IClassFixture<RoundTripTests.LoggedLab>
{
    // SSH message numbers (RFC 4250, 4.1.2).
    private const int ServiceRequest = 5, KexInit = 20, UserAuthRequest = 50, GlobalRequest = 80, ChannelOpen = 90, ChannelRequest = 98;

    private readonly LoggedLab _lab;

    public RoundTripTests(LoggedLab lab) => _lab = lab;

    [SshdTheory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    public async Task A_session_connects_once_then_each_status_read_costs_one_channel_and_one_exec_request(string keyType)
    {
        var settings = _lab.Lab.Settings(0);
        settings.KeyFilePath = _lab.ClientKeys[keyType];
        using var transport = new SshTransport(settings);
        using var session = new GatewaySession(transport);
        var before = await _lab.ReceivedAsync();
        await transport.ConnectAsync(CancellationToken.None);
        var handshake = (await _lab.ReceivedAsync()).Since(before);
        Assert.Equal(1, handshake[KexInit]);
        Assert.Equal(1, handshake[ServiceRequest]);
        // "none" first, as every client asks, then the public key with its signature: no unsigned query first
        // (for an RSA key, none per signature algorithm either).
        Assert.Equal(2, handshake[UserAuthRequest]);
        Assert.Equal(0, handshake[ChannelOpen]);
        Assert.Equal(0, handshake[GlobalRequest]);

        for (var read = 1; read <= 3; read++)
        {
            var start = await _lab.ReceivedAsync();
            var node = await session.CreateClient().GetStatusAsync(CancellationToken.None);
            Assert.Equal("meg1.example.com", node.Hostname);
            var sent = (await _lab.ReceivedAsync()).Since(start);
            Assert.Equal((1, 1), (sent[ChannelOpen], sent[ChannelRequest]));
            Assert.Equal((0, 0, 0, 0), (sent[KexInit], sent[ServiceRequest], sent[UserAuthRequest], sent[GlobalRequest]));
        }
    }

    /// <summary>Messages received by sshd, by type.</summary>
    public sealed class PacketCounts(IReadOnlyDictionary<int, int> counts)
    {
        public int this[int type] => counts.TryGetValue(type, out var count) ? count : 0;

        public PacketCounts Since(PacketCounts earlier) =>
            new(counts.ToDictionary(c => c.Key, c => c.Value - earlier[c.Key]));
    }

    public sealed class LoggedLab : IDisposable
    {
        private static readonly Regex Received = new(@"receive packet: type (\d+)", RegexOptions.CultureInvariant);

        public LoggedLab()
        {
            Lab = ApplianceLab.Start(1, firstOctet: 246, new[] { "--preset", "Healthy" }, logLevel: "DEBUG3");
            try
            {
                ClientKeys = new Dictionary<string, string> { ["ed25519"] = Lab.Cluster.ClientKeyPath, ["rsa"] = Lab.Cluster.AddClientKey("rsa") };
            }
            catch
            {
                Lab.Dispose();
                throw;
            }
        }

        public ApplianceLab Lab { get; }

        /// <summary>Authorized client keys by type.</summary>
        public IReadOnlyDictionary<string, string> ClientKeys { get; }

        /// <summary>
        /// The counts so far, once the log has stopped growing: sshd writes a message's line as it reads the
        /// message, but a message the client sent just now may still be on its way.
        /// </summary>
        public async Task<PacketCounts> ReceivedAsync()
        {
            var length = -1L;
            for (var i = 0; i < 50 && new FileInfo(Lab.Cluster.LogPath).Length != length; i++)
            {
                length = new FileInfo(Lab.Cluster.LogPath).Length;
                await Task.Delay(100);
            }
            using var stream = new FileStream(Lab.Cluster.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var text = await new StreamReader(stream).ReadToEndAsync();
            return new PacketCounts(Received.Matches(text).GroupBy(m => int.Parse(m.Groups[1].Value)).ToDictionary(g => g.Key, g => g.Count()));
        }

        public void Dispose() => Lab.Dispose();
    }
}
