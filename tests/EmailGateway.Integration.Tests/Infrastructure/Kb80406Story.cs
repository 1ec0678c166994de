using EmailGateway.Consistency;
using EmailGateway.Execution;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Rules;
using EmailGateway.Sessions;
using EmailGateway.Updates;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>
/// KB80406 end to end, whatever the appliances speak: the hazard is found from their status (mixed build,
/// the failover greeting with scmgateway), and the KB's recipe A (odd failover offline, master updated in
/// place with an SFTP upload, failover restarted beside it, scanners updated) leaves the cluster consistent.
/// </summary>
public static class Kb80406Story
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    public static async Task RunRecipeAAsync(IReadOnlyList<GatewaySession> sessions, string packageFolder)
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

        var package = UpdatePackage.Create(Path.Combine(packageFolder, "meg-7.6.4-P4.pkg"), "MEG", GatewayBuild.Parse("7.6.4 P4"));
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

    public static async Task<List<GatewayNode>> StatusAsync(IEnumerable<GatewaySession> sessions)
    {
        var nodes = new List<GatewayNode>();
        foreach (var session in sessions) nodes.Add(await session.CreateClient().GetStatusAsync(default));
        return nodes;
    }
}
