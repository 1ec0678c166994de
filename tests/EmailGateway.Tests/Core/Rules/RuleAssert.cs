using Xunit;
using EmailGateway.Model;
using EmailGateway.Rules;

namespace EmailGateway.Tests.Core.Rules;

internal static class RuleAssert
{
    public static ClusterView View(params GatewayNode[] nodes) => NodeSnapshot.Reported(nodes).Clusters.Single();

    public static IReadOnlyList<Finding> Run(IClusterRule rule, params GatewayNode[] nodes) => rule.Evaluate(View(nodes)).Select(b => b.ToFinding()).ToList();

    /// <summary>Asserts one finding with the rule's id, severity, cluster id and exactly the named nodes.</summary>
    public static Finding Single(IClusterRule rule, IEnumerable<Finding> findings, Severity severity, int clusterId, params string[] nodes)
    {
        var finding = Assert.Single(findings);
        Assert.Equal(rule.Rule.Name, finding.RuleId);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(clusterId, finding.ClusterId);
        Assert.Equal(nodes.OrderBy(n => n), finding.Nodes.OrderBy(n => n));
        Assert.False(string.IsNullOrWhiteSpace(finding.Message));
        Assert.False(string.IsNullOrWhiteSpace(finding.Remediation));
        foreach (var node in nodes) Assert.Contains(node, finding.Message);
        return finding;
    }

    public static void CitesKb(Finding finding) => Assert.Contains("KB80406", finding.Remediation);
}
