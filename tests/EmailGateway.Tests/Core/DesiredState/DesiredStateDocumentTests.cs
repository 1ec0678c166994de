using Xunit;
using EmailGateway.DesiredState;
using EmailGateway.Model;

namespace EmailGateway.Tests.Core.DesiredState;

public sealed class DesiredStateDocumentTests
{
    private const string Full = @"
clusters:
  - clusterId: 12
    build: 7.6.4 P3 HF2,HF1
    virtualIp: 192.0.2.10
    greeting: mail.example.com
    members:
      - { name: meg1, mode: master }
      - { name: meg2, mode: failover }
      - meg3
  - clusterId: 20
";

    [Fact]
    public void Reads_every_field_of_a_cluster()
    {
        var desired = DesiredStateDocument.Parse(Full, "desired.yaml");
        Assert.Equal(2, desired.Clusters.Count);
        var cluster = desired.Clusters[0];
        Assert.Equal(12, cluster.ClusterId);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P3 HF1,HF2"), cluster.Build);
        Assert.Equal("192.0.2.10", cluster.VirtualIp);
        Assert.Equal("mail.example.com", cluster.Greeting);
        Assert.Equal(new[] { "meg1", "meg2", "meg3" }, cluster.Members.Select(m => m.Name));
        Assert.Equal(new ClusterMode?[] { ClusterMode.Master, ClusterMode.Failover, null }, cluster.Members.Select(m => m.Mode));
    }

    [Fact]
    public void Leaves_out_what_is_not_specified()
    {
        var cluster = DesiredStateDocument.Parse(Full).Clusters[1];
        Assert.Equal(20, cluster.ClusterId);
        Assert.Null(cluster.Build);
        Assert.Null(cluster.VirtualIp);
        Assert.Null(cluster.Greeting);
        Assert.Empty(cluster.Members);
    }

    [Theory]
    [InlineData("clusters:\n  - clusterId: 256\n", "clusters[0].clusterId", "256")]
    [InlineData("clusters:\n  - clusterId: abc\n", "clusters[0].clusterId", "abc")]
    [InlineData("clusters:\n  - { build: 7.6.4 P3 }\n", "clusters[0].clusterId", "needs a clusterId")]
    [InlineData("clusters:\n  - clusterId: 1\n    build: seven\n", "clusters[0].build", "not a build")]
    [InlineData("clusters:\n  - clusterId: 1\n    virtualIp: 192.0.2.300\n", "clusters[0].virtualIp", "not an IP address")]
    [InlineData("clusters:\n  - clusterId: 1\n    greeting: scmgateway\n", "clusters[0].greeting", "scmgateway")]
    [InlineData("clusters:\n  - clusterId: 1\n    members:\n      - { name: a, mode: boss }\n", "clusters[0].members[0].mode", "boss")]
    [InlineData("clusters:\n  - clusterId: 1\n    members: [ { name: a, mode: master }, { name: b, mode: master } ]\n", "clusters[0].members", "one master")]
    [InlineData("clusters:\n  - clusterId: 1\n    members: [ a, A ]\n", "clusters[0].members", "listed twice")]
    [InlineData("clusters:\n  - clusterId: 1\n    members: [ a ]\n  - clusterId: 2\n    members: [ a ]\n", "clusters[1].members", "one cluster")]
    [InlineData("clusters:\n  - clusterId: 1\n  - clusterId: 1\n", "clusters[1].clusterId", "described twice")]
    [InlineData("clusters:\n  - clusterId: 1\n    bulid: 7.6.4\n", "clusters[0].bulid", "unknown key")]
    [InlineData("clustres: []\n", "clustres", "unknown key")]
    [InlineData("clusters: []\n", "clusters", "empty")]
    [InlineData("clusters: [ { clusterId: 1 \n", "", "not valid YAML")]
    public void Refuses_a_bad_file_naming_the_field(string yaml, string field, string problem)
    {
        var error = Assert.Throws<DesiredStateException>(() => DesiredStateDocument.Parse(yaml, "desired.yaml"));
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("desired.yaml, line ", error.Message);
    }

    [Fact]
    public void Reports_the_line_of_the_problem()
    {
        var error = Assert.Throws<DesiredStateException>(() => DesiredStateDocument.Parse("clusters:\n  - clusterId: 1\n    build: nonsense\n"));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Load_names_a_missing_file()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n") + ".yaml");
        var error = Assert.Throws<FileNotFoundException>(() => DesiredStateDocument.Load(path));
        Assert.Contains(path, error.Message);
    }
}
