using Xunit;
using EmailGateway.Inventory;
using EmailGateway.Sessions;

namespace EmailGateway.Tests.Core.Ssh;

public sealed class InventorySegmentTests
{
    [Fact]
    public void An_appliance_sits_in_its_own_segment_or_site_else_the_default_one()
    {
        var entries = InventoryFile.Parse("""
            defaults: { user: admin, segment: hq }
            appliances:
              - { name: hq-meg1, host: 192.0.2.11 }
              - { name: fra-meg1, host: 198.51.100.11, segment: frankfurt }
              - { name: par-meg1, host: 203.0.113.11, site: paris }
            """, "fleet.yaml", "/srv");
        Assert.Equal(new[] { "hq", "frankfurt", "paris" }, entries.Select(e => e.Segment));
    }

    [Fact]
    public void Without_any_segment_an_appliance_is_in_the_default_segment()
    {
        var entry = Assert.Single(InventoryFile.Parse("appliances:\n  - { host: 192.0.2.11 }", "inv.yaml", "/srv"));
        Assert.Null(entry.Segment);
        var target = Assert.Single(SshSessionFactory.FromInventory(new[] { entry }, Options()));
        Assert.Equal(string.Empty, target.Segment);
    }

    [Fact]
    public void The_inventory_segment_wins_over_the_session_option()
    {
        var entries = InventoryFile.Parse("appliances:\n  - { name: a, host: 192.0.2.11, segment: east }\n  - { name: b, host: 192.0.2.12 }", "inv.yaml", "/srv");
        var targets = SshSessionFactory.FromInventory(entries, Options("west"));
        Assert.Equal(new[] { "east", "west" }, targets.Select(t => t.Segment));
        Assert.Equal("west", Assert.Single(SshSessionFactory.FromComputerNames(new[] { "meg1" }, Options("west"))).Segment);
    }

    private static SshSessionOptions Options(string? segment = null)
    {
        var password = new System.Security.SecureString();
        foreach (var c in "pw") password.AppendChar(c);
        return new SshSessionOptions { UserName = "admin", Password = password, Segment = segment };
    }

    [Theory]
    [InlineData("appliances:\n  - { host: a, segment: east, site: west }", "give one")]
    [InlineData("appliances:\n  - { host: a, segment: 'east side' }", "not a segment name")]
    [InlineData("defaults: { site: '-x' }\nappliances:\n  - { host: a }", "defaults")]
    public void A_bad_segment_names_the_appliance_and_the_problem(string yaml, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => InventoryFile.Parse(yaml, "inv.yaml", "/tmp")).Message);
}
