using System.Collections.Concurrent;
using System.Net.Sockets;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Transport;
using EmailGateway.Transport.Ssh;
using Xunit.Abstractions;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// sshd's MaxStartups, measured rather than assumed: with its default (10:30:100) sshd serves 10
/// unauthenticated connections at once and drops a growing share of those beyond. The connect pacer
/// allows fewer handshakes at once per server; sshd may still count a connection for a moment after its
/// authentication succeeded (longer on a loaded machine), and the rare reset that follows is retried.
/// </summary>
public sealed class MaxStartupsTests : IClassFixture<MaxStartupsTests.DefaultSshd>
{
    private readonly DefaultSshd _sshd;
    private readonly ITestOutputHelper _output;

    public MaxStartupsTests(DefaultSshd sshd, ITestOutputHelper output)
    {
        _sshd = sshd;
        _output = output;
    }

    [Fact]
    public async Task Sshd_serves_ten_unauthenticated_connections_and_drops_some_beyond()
    {
        var connections = new List<TcpClient>();
        var served = new List<bool>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var connection = new TcpClient();
                connections.Add(connection);
                await connection.ConnectAsync(_sshd.Cluster.Addresses[0], _sshd.Cluster.Port);
                served.Add(await ReadsBannerAsync(connection));
            }
        }
        finally
        {
            foreach (var connection in connections) connection.Dispose();
        }
        _output.WriteLine($"served while 0..39 were open: {string.Concat(served.Select(s => s ? '1' : '0'))}");
        Assert.Equal(10, served.Take(10).Count(s => s));
        Assert.True(ConnectPacer.DefaultConcurrentHandshakes < 10);
        Assert.Contains(false, served.Skip(10)); // dropped with a probability of at least 30 % each: P(none of 30) < 1e-4
    }

    [Fact]
    public async Task A_burst_to_one_server_is_paced_below_its_MaxStartups_and_every_connection_reports_its_phases()
    {
        var log = new RecordingLog();
        var transports = Enumerable.Range(0, 30).Select(i =>
        {
            var settings = _sshd.Settings();
            settings.Name = "burst" + i;
            return new SshTransport(settings, log: log);
        }).ToList();
        try
        {
            await Task.WhenAll(transports.Select(t => Task.Run(() => t.ConnectAsync(CancellationToken.None))));
            Assert.All(transports, t => Assert.True(t.IsConnected));
        }
        finally
        {
            foreach (var transport in transports) transport.Dispose();
        }

        var phases = log.Messages.Select(m => (m.At, Match: Phases.Match(m.Text))).Where(m => m.Match.Success).ToList();
        var resets = log.Messages.Count(m => m.Text.Contains("reset the connection"));
        _output.WriteLine($"{resets} reset(s), retried, in a burst of {transports.Count}");
        foreach (var (_, match) in phases.Take(3)) _output.WriteLine(match.Value);
        Assert.Equal(transports.Count, phases.Count);
        foreach (var (_, match) in phases)
        {
            var total = Ms(match, "total");
            var parts = Ms(match, "tcp") + Ms(match, "kex") + Ms(match, "auth");
            Assert.InRange(parts, total - 3, total + 3); // each rounded to the millisecond
            Assert.True(Ms(match, "kex") > 0, match.Value);
            Assert.Contains(match.Groups["kexName"].Value, SshAlgorithms.PreferredKeyExchange); // not SSH.NET's costlier first choice
        }

        // Each handshake ran from (reported - its total) to when it was reported, holding its slot throughout.
        var edges = phases.SelectMany(p => new[] { (At: p.At - TimeSpan.FromMilliseconds(Ms(p.Match, "total")), Step: 1), (At: p.At, Step: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Step);
        var running = 0;
        var most = 0;
        foreach (var edge in edges) most = Math.Max(most, running += edge.Step);
        _output.WriteLine($"at most {most} handshakes at once");
        Assert.InRange(most, 1, ConnectPacer.DefaultConcurrentHandshakes + 1); // +1: each end is rounded to the millisecond
    }

    private static readonly System.Text.RegularExpressions.Regex Phases = new(
        @"connected to \S+ as \S+ \((?<kexName>[^,]+),.*\) in (?<total>\d+) ms: waited (?<slot>\d+) ms for a handshake slot, " +
        @"TCP and version (?<tcp>\d+) ms, key exchange (?<kex>\d+) ms, authentication (?<auth>\d+) ms");

    private static int Ms(System.Text.RegularExpressions.Match match, string phase) => int.Parse(match.Groups[phase].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<bool> ReadsBannerAsync(TcpClient connection)
    {
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var count = await connection.GetStream().ReadAsync(buffer, timeout.Token);
            return count > 4 && System.Text.Encoding.ASCII.GetString(buffer, 0, 4) == "SSH-";
        }
        catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class RecordingLog : IOperationLog
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        public ConcurrentQueue<(TimeSpan At, string Text)> Messages { get; } = new();
        public void Verbose(string message) => Messages.Enqueue((_clock.Elapsed, message));
        public void Debug(string message) => Messages.Enqueue((_clock.Elapsed, message));
        public void Warning(string message) => Messages.Enqueue((_clock.Elapsed, message));
    }

    /// <summary>One sshd with OpenSSH's default MaxStartups.</summary>
    public sealed class DefaultSshd : IDisposable
    {
        public SshdCluster Cluster { get; } = SshdCluster.Start(new SshdOptions
        {
            Appliances = 1,
            FirstOctet = 233,
            MaxStartups = null,
            ForceCommand = "/bin/echo connected",
        });

        public SshConnectionSettings Settings() => new()
        {
            Host = Cluster.Addresses[0],
            Port = Cluster.Port,
            UserName = Cluster.UserName,
            KeyFilePath = Cluster.ClientKeyPath,
            HostKeyFingerprint = Cluster.HostKeyFingerprint,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };

        public void Dispose() => Cluster.Dispose();
    }
}
