using EmailGateway.Consistency;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Tests.Lab;
using EmailGateway.Upgrade.Guard;
using Xunit;

namespace EmailGateway.Tests.Core.Rules;

/// <summary>
/// One table of cluster states, judged by the three consumers of the KB rules: the consistency check (on the
/// nodes as read), the guard (on the same nodes, and predicting a change) and the lab's invariant monitor
/// (the world itself). They must name the same hazards on the same nodes.
/// </summary>
public class KbRuleAgreementTests
{
    private const string Vip = "192.0.2.20";

    private static string Lab(params string[] nodes) =>
        $"settings: {{ name: table, virtualIp: {Vip}, timings: {{ vrrpTakeover: 3s }} }}\nnodes:\n" + string.Concat(nodes.Select(n => $"  - {{ {n} }}\n"));

    private const string Gw1 = "name: gw1, build: 7.6.4 P3, mode: master, clusterId: 12, address: 192.0.2.21, helo: mail.example.com, sync: source";
    private const string Gw2 = "name: gw2, build: 7.6.4 P3, mode: failover, clusterId: 12, address: 192.0.2.22, helo: mail.example.com, sync: in-sync";
    private const string Gw3 = "name: gw3, build: 7.6.4 P3, mode: scanner, clusterId: 12, address: 192.0.2.23, helo: mail.example.com, sync: in-sync";
    private const string CorruptGw2 = "name: gw2, build: 7.6.4 P4, mode: failover, clusterId: 12, address: 192.0.2.22, helo: scmgateway, sync: corrupt";

    public static TheoryData<string, string, string[]> States => new()
    {
        { "a healthy cluster", Lab(Gw1, Gw2, Gw3), new string[0] },
        { "the KB80406 state: the upgraded failover online beside the master", Lab(Gw1, CorruptGw2, Gw3), new[] { "MixedBuildOnline gw1,gw2,gw3" } },
        { "recipe B's interim state too early: a standalone node on the virtual IP beside the online master",
            Lab(Gw1, Gw2, $"name: gw3, build: 7.6.4 P3, mode: standalone, clusterId: 12, address: {Vip}, helo: mail.example.com, sync: source"),
            new[] { "VirtualIpConflict gw1,gw3" } },
        { "two online masters", Lab(Gw1, "name: gw2, build: 7.6.4 P3, mode: master, clusterId: 12, address: 192.0.2.22, helo: mail.example.com, sync: source", Gw3),
            new[] { "MultipleMasters gw1,gw2", "VirtualIpConflict gw1,gw2" } },
        { "the KB's problem: the master offline and the corrupt failover serving",
            Lab(Gw1 + ", network: offline", CorruptGw2, Gw3), new[] { "BadGreetingActive gw2", "MixedBuildOnline gw2,gw3" } },
        { "a scanner using the virtual IP as its own address", Lab(Gw1, Gw2, $"name: gw3, build: 7.6.4 P3, mode: scanner, clusterId: 12, address: {Vip}, helo: mail.example.com, sync: in-sync"),
            new[] { "VirtualIpConflict gw1,gw3" } },
        { "workaround 1: the odd failover offline", Lab(Gw1, CorruptGw2 + ", network: offline", Gw3), new string[0] },
        { "recipe B step 3: a standalone interim node on the virtual IP while master and failover are offline",
            Lab(Gw1 + ", network: offline", $"name: gw2, build: 7.6.4 P4, mode: standalone, clusterId: 12, address: {Vip}, helo: mail.example.com, sync: source", Gw3 + ", network: offline"),
            new string[0] },
        { "a standalone interim node greeting scmgateway on the virtual IP",
            Lab(Gw1 + ", network: offline", $"name: gw2, build: 7.6.4 P4, mode: standalone, clusterId: 12, address: {Vip}, helo: scmgateway, sync: source", Gw3 + ", network: offline"),
            new[] { "BadGreetingActive gw2" } },
        { "two clusters of one segment on one virtual IP",
            Lab(Gw1, "name: other1, build: 7.6.4 P4, mode: master, clusterId: 13, address: 192.0.2.31, helo: mail.example.com, sync: source"),
            new[] { "VirtualIpConflict gw1,other1" } },
        { "two clusters of one segment, each on its own virtual IP",
            Lab(Gw1, "name: other1, build: 7.6.4 P4, mode: master, clusterId: 13, virtualIp: 192.0.2.30, address: 192.0.2.31, helo: mail.example.com, sync: source"),
            new string[0] },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void The_consistency_check_the_guard_and_the_lab_name_the_same_hazards(string state, string description, string[] expected)
    {
        var lab = LabWorld.FromYaml(description, state);
        lab.Advance(TimeSpan.FromMinutes(1));
        var nodes = lab.GetStatuses();

        Assert.Equal(Sorted(expected), LabHazards(lab));
        Assert.Equal(Sorted(expected), CheckHazards(nodes));
        Assert.Equal(Sorted(expected), GuardHazards(nodes));
    }

    [Fact]
    public void The_issues_example_is_a_VirtualIpConflict_for_all_three_with_the_lab_wording()
    {
        var lab = LabWorld.FromYaml(Lab(Gw1, Gw2, $"name: gw3, build: 7.6.4 P3, mode: standalone, clusterId: 12, address: {Vip}, helo: mail.example.com, sync: source"));
        var violation = Assert.Single(lab.GetReport().Violations);
        Assert.StartsWith($"2 nodes answer for {Vip}", violation.Detail);
        var result = Assert.Single(new ConsistencyChecker().Check(lab.GetStatuses()));
        Assert.False(result.InDesiredState);
        var finding = Assert.Single(result.Findings, f => f.RuleId == "VirtualIpConflict");
        Assert.Equal("VirtualIpConflict", finding.Hazard);
        Assert.Equal(violation.Detail, finding.Message);
        Assert.Equal(KbRules.VirtualIpConflict.Remedy, finding.Remediation);
        Assert.Equal(KbRules.VirtualIpConflict.Citation, finding.Citation);
    }

    public static TheoryData<string, string, string, string[]> Changes => new()
    {
        { "the standalone node on the virtual IP comes online beside the master",
            Lab(Gw1, Gw2, $"name: gw3, build: 7.6.4 P3, mode: standalone, clusterId: 12, address: {Vip}, helo: mail.example.com, sync: source, network: offline"),
            "gw3: set network online", new[] { "VirtualIpConflict gw1,gw3" } },
        { "the master goes offline beside the corrupt failover", Lab(Gw1, CorruptGw2, Gw3), "gw1: set network offline", new[] { "BadGreetingActive gw2" } },
        { "the master restarts beside the corrupt failover", Lab(Gw1, CorruptGw2, Gw3), "gw1: restart", new[] { "BadGreetingActive gw2" } },
        { "a second master", Lab(Gw1, Gw2, Gw3), "gw2: set cluster-mode master", new[] { "MultipleMasters gw1,gw2", "VirtualIpConflict gw1,gw2" } },
        { "the odd failover goes offline (workaround 1)", Lab(Gw1, CorruptGw2, Gw3), "gw2: set network offline", new string[0] },
        { "a scanner restarts", Lab(Gw1, Gw2, Gw3), "gw3: restart", new string[0] },
        { "the upgraded failover comes back online", Lab(Gw1, CorruptGw2 + ", network: offline", Gw3), "gw2: set network online", new[] { "MixedBuildOnline gw1,gw2,gw3" } },
    };

    /// <summary>What the guard refuses a change for is what the lab records once the change is made (a restart: while it runs).</summary>
    [Theory]
    [MemberData(nameof(Changes))]
    public void The_guards_prediction_is_what_the_lab_records_after_the_change(string change, string description, string command, string[] expected)
    {
        var lab = LabWorld.FromYaml(description, change);
        var (node, text) = (command.Split(':')[0], command.Split(':')[1].Trim());
        var before = lab.GetStatuses().Select(n => new SnapshotNode(n)).ToList();
        var verdict = SegmentGuard.Check(before, new[] { Projection(node, text) });
        Assert.Equal(Sorted(expected), Sorted(verdict.Breaches.Select(Describe)));
        Assert.Equal(expected.Length == 0, verdict.Allowed);

        var began = lab.GetReport().Violations.Count;
        Assert.True(lab.Shell.Execute(node, text).Succeeded);
        lab.Advance(TimeSpan.FromSeconds(10));
        var recorded = lab.GetReport().Violations.Skip(began).Where(v => v.IsOpen).Select(v => $"{v.Name} {string.Join(",", v.Nodes)}");
        Assert.Subset(new HashSet<string>(recorded), new HashSet<string>(expected));
        Assert.Equal(LabHazards(lab), CheckHazards(lab.GetStatuses()));
        Assert.Equal(LabHazards(lab), GuardHazards(lab.GetStatuses()));
    }

    private static GuardChange Projection(string node, string command) => command switch
    {
        "set network online" => GuardChange.SetNetwork(node, NetworkState.Online),
        "set network offline" => GuardChange.SetNetwork(node, NetworkState.Offline),
        "set cluster-mode master" => GuardChange.SetMode(node, ClusterMode.Master),
        "restart" => GuardChange.RestartNode(node),
        _ => throw new ArgumentException(command),
    };

    private static string[] LabHazards(LabWorld lab) =>
        Sorted(lab.GetReport().Violations.Where(v => v.IsOpen).Select(v => $"{v.Name} {string.Join(",", v.Nodes)}"));

    private static string[] CheckHazards(IEnumerable<GatewayNode> nodes) =>
        Sorted(new ConsistencyChecker().Check(nodes).SelectMany(r => r.Findings).Where(f => f.Hazard != null)
            .Select(f => $"{f.Hazard} {string.Join(",", f.Nodes)}").Distinct());

    private static string[] GuardHazards(IEnumerable<GatewayNode> nodes) =>
        Sorted(SegmentGuard.Hazards(nodes.Select(n => new SnapshotNode(n))).Select(Describe));

    private static string Describe(RuleBreach breach) => $"{breach.Name} {string.Join(",", breach.Nodes)}";

    private static string[] Sorted(IEnumerable<string> items) => items.OrderBy(i => i, StringComparer.Ordinal).ToArray();
}
