using Xunit;
using EmailGateway.Protocol;
using EmailGateway.Sessions;
using EmailGateway.Tests.Core.Support;

namespace EmailGateway.Tests.Core.Sessions;

public sealed class NodeStatusCacheTests
{
    private static string Status(string host, string mode, int id) =>
        $"hostname: {host}\nproduct: MEG\nbuild: 7.6.4 P3\ncluster: {{ mode: {mode}, id: {id}, scanning: true }}\nnetwork: {{ state: online, address: 192.0.2.11 }}\nsmtp: {{ helo: mail.example.com }}\nconfig: {{ revision: 1, sync: in-sync }}\nvrrp: {{ active: false }}\nmail: {{ queue: 0 }}\npower: running\n";

    private static GatewaySession Session(string name, string mode, int id)
    {
        var transport = new FakeTransport(name);
        transport.Reply("show status", new CommandResult(0, Status(name + ".example.com", mode, id), string.Empty));
        return new GatewaySession(transport);
    }

    [Fact]
    public async Task Reads_nodes_not_seen_and_groups_them_by_cluster()
    {
        var cache = new NodeStatusCache();
        var sessions = new[] { Session("a", "master", 12), Session("b", "scanner", 12), Session("c", "master", 13) };
        var clusters = await cache.KnownClustersAsync(sessions, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(new[] { 12, 13 }, clusters.Select(c => c.ClusterId));
        Assert.Equal(new[] { "a (Master)", "b (Scanner)" }, clusters[0].Members);
    }

    [Fact]
    public async Task Uses_what_was_recorded_without_reading_again()
    {
        var cache = new NodeStatusCache();
        var session = Session("a", "master", 12);
        cache.Record(session, new EmailGateway.Model.GatewayNode { ComputerName = "a", ClusterId = 40 });
        var clusters = await cache.KnownClustersAsync(new[] { session }, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(40, Assert.Single(clusters).ClusterId);
        Assert.Empty(((FakeTransport)session.Transport).Commands);
    }

    [Fact]
    public async Task Ignores_an_entry_of_an_earlier_session_of_the_same_name()
    {
        var cache = new NodeStatusCache();
        var old = Session("a", "master", 12);
        cache.Record(old, new EmailGateway.Model.GatewayNode { ComputerName = "a", ClusterId = 40 });
        var again = Session("a", "master", 12);
        var clusters = await cache.KnownClustersAsync(new[] { again }, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(12, Assert.Single(clusters).ClusterId);
    }

    [Fact]
    public async Task Leaves_out_a_node_that_fails_and_forgets_on_request()
    {
        var cache = new NodeStatusCache();
        var broken = new GatewaySession(new FakeTransport("x"));
        var good = Session("a", "master", 12);
        var clusters = await cache.KnownClustersAsync(new[] { broken, good }, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(12, Assert.Single(clusters).ClusterId);
        Assert.True(cache.TryGet(good, out _));
        cache.Forget("a");
        Assert.False(cache.TryGet(good, out _));
    }
}
