using EmailGateway.Consistency;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Tests.Core.Support;
using Xunit;

namespace EmailGateway.Tests.Core.Consistency;

public class ConsistencyAssessmentTests
{
    [Fact]
    public void A_dns_server_without_the_dns_check_or_that_is_no_address_is_refused()
    {
        var alone = ConsistencyAssessment.Create(new ConsistencyOptions { DnsServer = "127.0.0.1" }).Refusal!;
        Assert.Equal("DnsServerWithoutCheckDns", alone.Reason);
        Assert.Equal(RefusalKind.InvalidArgument, alone.Kind);

        var bad = ConsistencyAssessment.Create(new ConsistencyOptions { CheckDns = true, DnsServer = "not a server:x" }).Refusal!;
        Assert.Equal("InvalidDnsServer", bad.Reason);
        Assert.StartsWith("-DnsServer: ", bad.Message);
    }

    [Fact]
    public void A_desired_state_file_that_does_not_parse_is_refused_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "desired-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, "clusters:\n  - { clusterId: 300 }\n");
        try
        {
            var refusal = ConsistencyAssessment.Create(new ConsistencyOptions { DesiredStatePath = path }).Refusal!;
            Assert.Equal("InvalidDesiredState", refusal.Reason);
            Assert.Equal(RefusalKind.InvalidData, refusal.Kind);
            Assert.Equal(path, refusal.Target);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.IsType<FileNotFoundException>(ConsistencyAssessment.Create(new ConsistencyOptions { DesiredStatePath = path }).Refusal!.Cause);
    }

    [Fact]
    public async Task Only_the_clusters_asked_for_are_returned_and_an_unread_node_is_no_desired_state()
    {
        var nodes = NodeBuilder.HealthyCluster().Concat(NodeBuilder.Kb80406Cluster(13).Select(n => Renamed(n, "b-" + n.ComputerName, "192.0.2.30"))).ToList();
        var assessment = ConsistencyAssessment.Create(new ConsistencyOptions { ClusterIds = new[] { new ClusterId(12) } }).Value!;

        var verdict = await assessment.AssessAsync(nodes, default);

        Assert.Equal(new[] { 12 }, verdict.Results.Select(r => r.ClusterId));
        Assert.Null(verdict.DnsFailure);
        Assert.True(verdict.InDesiredState(unreadNodes: 0));
        Assert.False(verdict.InDesiredState(unreadNodes: 1));
        var all = await ConsistencyAssessment.Create(new ConsistencyOptions()).Value!.AssessAsync(nodes, default);
        Assert.False(all.InDesiredState(0));
    }

    private static GatewayNode Renamed(GatewayNode node, string name, string virtualIp)
    {
        var copy = node.Clone();
        copy.ComputerName = name;
        if (copy.VirtualIp != null) copy.VirtualIp = virtualIp;
        return copy;
    }
}
