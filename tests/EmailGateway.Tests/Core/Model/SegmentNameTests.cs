using Xunit;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Tests.Core.Support;
using EmailGateway.Protocol;
using EmailGateway.Transport;

namespace EmailGateway.Tests.Core.Model;

public sealed class SegmentNameTests
{
    [Theory]
    [InlineData("frankfurt")]
    [InlineData("site-001")]
    [InlineData("Fleet/site-001")]
    [InlineData("dc1.eu_west")]
    [InlineData("")]
    [InlineData("  ")]
    public void Names_of_letters_digits_and_separators_are_segments(string name) => Assert.Null(SegmentName.Problem(name));

    [Theory]
    [InlineData("-east", "not a segment name")]
    [InlineData("east side", "not a segment name")]
    [InlineData("east\nwest", "not a segment name")]
    [InlineData("site*", "not a segment name")]
    public void Other_names_are_refused_with_the_reason(string name, string problem)
    {
        Assert.Contains(problem, SegmentName.Problem(name));
        var error = Assert.Throws<ArgumentException>(() => SegmentName.Validate(name));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_name_too_long_is_refused_without_echoing_all_of_it()
    {
        var problem = SegmentName.Problem(new string('a', SegmentName.MaxLength + 1));
        Assert.Contains("longer than", problem);
        Assert.True(problem!.Length < 100);
    }

    [Theory]
    [InlineData("site-*", "site-001", true)]
    [InlineData("site-*", "Site-002", true)]
    [InlineData("site-00?", "site-001", true)]
    [InlineData("site-00?", "site-010", false)]
    [InlineData("*", "", true)]
    [InlineData("east", "EAST", true)]
    [InlineData("east", "east2", false)]
    [InlineData("a.b", "axb", false)]
    public void Patterns_match_segments_with_star_and_question_mark(string pattern, string segment, bool matches) =>
        Assert.Equal(matches, SegmentName.Matches(pattern, segment));

    [Fact]
    public void Clusters_are_keyed_by_segment_and_id_and_the_default_segment_is_blank()
    {
        Assert.Equal(new ClusterKey("Site-A", new ClusterId(12)), new ClusterKey(" site-a ", new ClusterId(12)));
        Assert.NotEqual(new ClusterKey("site-a", new ClusterId(12)), new ClusterKey("site-b", new ClusterId(12)));
        Assert.NotEqual(new ClusterKey("site-a", new ClusterId(12)), new ClusterKey("site-a", new ClusterId(13)));
        Assert.Equal(new ClusterKey(null, new ClusterId(12)), new ClusterKey("", new ClusterId(12)));
        Assert.Equal("cluster 12", new ClusterKey(null, new ClusterId(12)).ToString());
        Assert.Equal("cluster 12 in segment site-a", new ClusterKey("site-a", new ClusterId(12)).ToString());
    }

    [Fact]
    public async Task Every_status_read_through_a_session_carries_the_session_segment()
    {
        var transport = new FakeTransport("meg1").Reply("show status", CommandResult.Ok(StatusText()));
        var session = new GatewaySession(transport, segment: " frankfurt ");
        Assert.Equal("frankfurt", session.Segment);
        var node = await session.CreateClient().GetStatusAsync(CancellationToken.None);
        Assert.Equal("frankfurt", node.Segment);
        Assert.Equal(new ClusterKey("frankfurt", new ClusterId(12)), ClusterKey.Of(node));
    }

    [Fact]
    public async Task A_session_without_a_segment_reads_nodes_of_the_default_segment()
    {
        var transport = new FakeTransport("meg1").Reply("show status", CommandResult.Ok(StatusText()));
        var node = await new GatewaySession(transport).CreateClient().GetStatusAsync(CancellationToken.None);
        Assert.Equal(string.Empty, node.Segment);
    }

    [Fact]
    public void A_session_refuses_a_segment_that_is_not_a_name() =>
        Assert.Throws<ArgumentException>(() => new GatewaySession(new FakeTransport("meg1"), segment: "east side"));

    private static string StatusText() => EmailGateway.Protocol.StatusDocument.Write(NodeBuilder.Master("meg1").Node);
}
