using EmailGateway.Execution;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Inventory;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Rules;
using EmailGateway.Sessions;
using EmailGateway.Transport;
using EmailGateway.Transport.Ssh;
using EmailGateway.Updates;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// KB80406 end to end over real SSH: the lab's KB80406 cluster (failover already on the next Patch, online
/// beside the master, greeting scmgateway) behind sshd. The hazard is found from `show status` over SSH,
/// and the KB's recipe A, run over SSH with packages uploaded by SFTP, cures it.
/// </summary>
public sealed class Kb80406OverSshTests : IClassFixture<Kb80406OverSshTests.Kb80406Lab>
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);
    private readonly Kb80406Lab _lab;

    public Kb80406OverSshTests(Kb80406Lab lab) => _lab = lab;

    [Fact]
    public async Task The_mixed_build_and_the_failovers_scmgateway_greeting_are_found_and_recipe_A_cures_them()
    {
        var sessions = await _lab.OpenAsync();
        try
        {
            var clients = sessions.ToDictionary(s => s.ComputerName, s => s.CreateClient());

            // Found: mixed build, and the failover greets with the factory name.
            var before = await StatusAsync(sessions);
            var failover = before.Single(n => n.Mode == ClusterMode.Failover);
            Assert.Equal("meg2", failover.ComputerName);
            Assert.Equal("scmgateway", failover.Helo);
            Assert.Equal(SyncState.Corrupt, failover.Sync);
            var findings = new ConsistencyChecker().Check(before).Single().Findings.Select(f => f.RuleId).ToList();
            Assert.Contains("MixedBuild", findings);
            Assert.Contains("FallbackGreeting", findings);

            var package = UpdatePackage.Create(Path.Combine(_lab.Lab.Directory, "meg-7.6.4-P4.pkg"), "MEG", GatewayBuild.Parse("7.6.4 P4"));
            var scanners = new[] { "meg3", "meg4" };

            // Recipe A. 1: only the master stays up. 2: the failover is already upgraded.
            foreach (var name in new[] { "meg2" }.Concat(scanners)) await clients[name].SetNetworkStateAsync(NetworkState.Offline, default);
            // 3: upgrade the master in place (upload over SFTP, checksum at apply, wait for its return).
            var master = await NodeOperations.InstallUpdateAsync(clients["meg1"], package, Wait, Poll, null, default);
            Assert.Equal(package.Build, master.Node.Build);
            // 4-5: the failover comes back online and restarts beside a master of its own build.
            await clients["meg2"].SetNetworkStateAsync(NetworkState.Online, default);
            await NodeOperations.RestartAsync(clients["meg2"], Wait, Poll, default);
            // 6-7: the scanners, in parallel, then online.
            var upgraded = FanOut.Run(scanners, n => n, (n, token) => NodeOperations.InstallUpdateAsync(clients[n], package, Wait, Poll, null, token), 2, default).ToList();
            Assert.All(upgraded, o => Assert.True(o.Succeeded, o.Error?.ToString()));
            foreach (var name in scanners) await clients[name].SetNetworkStateAsync(NetworkState.Online, default);

            var after = await StatusAsync(sessions);
            Assert.All(after, n => Assert.Equal(package.Build, n.Build));
            var cured = after.Single(n => n.ComputerName == "meg2");
            Assert.Equal(SyncState.InSync, cured.Sync);
            Assert.Equal("mail.example.com", cured.Helo);
            var result = new ConsistencyChecker().Check(after).Single();
            Assert.True(result.InDesiredState, string.Join("; ", result.Findings));
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }

    private static async Task<List<GatewayNode>> StatusAsync(IEnumerable<GatewaySession> sessions)
    {
        var nodes = new List<GatewayNode>();
        foreach (var session in sessions) nodes.Add(await session.CreateClient().GetStatusAsync(default));
        return nodes;
    }

    public sealed class Kb80406Lab : IDisposable
    {
        // 20-minute updates take 10 s, 5-minute restarts 2.5 s.
        public ApplianceLab Lab { get; } = ApplianceLab.Start(4, firstOctet: 20, new[] { "--preset", "KB80406", "--time-scale", "120" });

        public async Task<IReadOnlyList<GatewaySession>> OpenAsync()
        {
            var knownHosts = Lab.Cluster.WriteKnownHosts(Path.Combine(Lab.Directory, "known_hosts"), hashed: true);
            var options = new SshSessionOptions
            {
                Port = Lab.Cluster.Port,
                UserName = Lab.Cluster.UserName,
                Password = ApplianceFixture.Secure(Lab.Cluster.Password),
                KnownHostsPath = knownHosts,
            };
            // An inventory names the appliances after the lab's nodes; the password still comes from the caller.
            var inventory = Path.Combine(Lab.Directory, "inventory.yaml");
            File.WriteAllText(inventory, $"defaults: {{ port: {Lab.Cluster.Port}, user: {Lab.Cluster.UserName} }}\nappliances:\n"
                + string.Concat(Lab.Cluster.Addresses.Select((address, i) => $"  - {{ name: meg{i + 1}, host: {address} }}\n")));
            var targets = SshSessionFactory.FromInventory(InventoryFile.Load(inventory), options);
            var sessions = new List<GatewaySession>();
            foreach (var target in targets) sessions.Add(await SshSessionFactory.OpenAsync(target, null, default));
            return sessions;
        }

        public void Dispose() => Lab.Dispose();
    }
}
