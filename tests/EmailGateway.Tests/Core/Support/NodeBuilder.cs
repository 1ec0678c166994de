using Xunit;
using EmailGateway.Model;

namespace EmailGateway.Tests.Core.Support;

/// <summary>Builds GatewayNode objects for rule tests: a healthy in-sync member unless told otherwise.</summary>
internal sealed class NodeBuilder
{
    public const string Build764P3 = "7.6.4 P3";
    public const string Build764P4 = "7.6.4 P4";
    public const string VirtualIp = "192.0.2.10";

    private readonly GatewayNode _node;

    private NodeBuilder(string name, ClusterMode mode)
    {
        _node = new GatewayNode
        {
            ComputerName = name,
            Hostname = name + ".example.com",
            Product = "MEG",
            Build = GatewayBuild.Parse(Build764P3),
            Mode = mode,
            ClusterId = 12,
            VirtualIp = mode is ClusterMode.Master or ClusterMode.Failover ? VirtualIp : null,
            Scanning = true,
            NetworkState = NetworkState.Online,
            Address = "192.0.2.11",
            Helo = "mail.example.com",
            ConfigRevision = 42,
            Sync = mode == ClusterMode.Master ? SyncState.Source : SyncState.InSync,
            VrrpActive = mode == ClusterMode.Master,
            Power = PowerState.Running,
        };
    }

    public static NodeBuilder Master(string name = "meg1") => new(name, ClusterMode.Master);
    public static NodeBuilder Failover(string name = "meg2") => new(name, ClusterMode.Failover);
    public static NodeBuilder Scanner(string name) => new(name, ClusterMode.Scanner);
    public static NodeBuilder Standalone(string name) => new(name, ClusterMode.Standalone);

    public NodeBuilder Cluster(int id) { _node.ClusterId = id; return this; }
    public NodeBuilder Build(string build) { _node.Build = GatewayBuild.Parse(build); return this; }
    public NodeBuilder Offline() { _node.NetworkState = NetworkState.Offline; _node.VrrpActive = false; return this; }
    public NodeBuilder Online() { _node.NetworkState = NetworkState.Online; return this; }
    public NodeBuilder Power(PowerState power) { _node.Power = power; return this; }
    public NodeBuilder Sync(SyncState sync) { _node.Sync = sync; return this; }
    public NodeBuilder Helo(string helo) { _node.Helo = helo; return this; }
    public NodeBuilder Vip(string? vip) { _node.VirtualIp = vip; return this; }
    public NodeBuilder Vrrp(bool active) { _node.VrrpActive = active; return this; }
    public NodeBuilder Address(string address) { _node.Address = address; return this; }
    public NodeBuilder Segment(string segment) { _node.Segment = segment; return this; }

    /// <summary>Nodes as read in another network segment (site).</summary>
    public static List<GatewayNode> InSegment(IEnumerable<GatewayNode> nodes, string segment) =>
        nodes.Select(n => { var copy = n.Clone(); copy.Segment = segment; return copy; }).ToList();

    public GatewayNode Node => _node.Clone();

    public static implicit operator GatewayNode(NodeBuilder builder) => builder.Node;

    /// <summary>Master, failover, two scanners; one build; all in sync; FQDN greetings; one virtual IP.</summary>
    public static List<GatewayNode> HealthyCluster(int clusterId = 12) => new()
    {
        Master("meg1").Cluster(clusterId),
        Failover("meg2").Cluster(clusterId),
        Scanner("meg3").Cluster(clusterId),
        Scanner("meg4").Cluster(clusterId),
    };

    /// <summary>The KB80406 state: the failover already on the next Patch, online beside the master, corrupt, greeting scmgateway.</summary>
    public static List<GatewayNode> Kb80406Cluster(int clusterId = 12) => new()
    {
        Master("meg1").Cluster(clusterId),
        Failover("meg2").Cluster(clusterId).Build(Build764P4).Sync(SyncState.Corrupt).Helo("scmgateway"),
        Scanner("meg3").Cluster(clusterId),
        Scanner("meg4").Cluster(clusterId),
    };
}
