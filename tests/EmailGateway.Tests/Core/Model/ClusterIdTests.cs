using System.ComponentModel;
using Xunit;
using EmailGateway.Model;

namespace EmailGateway.Tests.Core.Model;

public class ClusterIdTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(255)]
    public void Ids_in_range_are_valid(int id)
    {
        Assert.True(ClusterId.IsValid(id));
        Assert.Equal(id, ClusterId.Validate(id));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Ids_out_of_range_are_rejected_naming_the_value_and_range(int id)
    {
        Assert.False(ClusterId.IsValid(id));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ClusterId.Validate(id, "Id"));
        Assert.Equal("Id", ex.ParamName);
        Assert.Equal(id, ex.ActualValue);
        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
        Assert.Contains("0-255", ex.Message);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("12", 12)]
    [InlineData(" 255 ", 255)]
    [InlineData("+7", 7)]
    public void Parse_reads_whole_numbers_in_range(string text, int expected)
    {
        Assert.Equal(expected, ClusterId.Parse(text));
    }

    [Theory]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("12a")]
    [InlineData("0x0C")]
    [InlineData("99999999999")]
    public void Parse_rejects_bad_text_with_a_clear_message(string text)
    {
        var ex = Assert.Throws<FormatException>(() => ClusterId.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
        Assert.Contains("whole number 0-255", ex.Message);
    }

    [Fact]
    public void Parse_of_null_is_a_FormatException()
    {
        Assert.Throws<FormatException>(() => ClusterId.Parse(null!));
    }
}

public class ClusterIdValueTests
{
    [Fact]
    public void Equal_ids_are_equal_and_hash_alike_so_they_key_a_dictionary()
    {
        var counts = new Dictionary<ClusterId, int> { [new ClusterId(12)] = 1 };
        counts[ClusterId.Parse("12")]++;
        Assert.Equal(2, counts[new ClusterId(12)]);
        Assert.True(new ClusterId(12) == ClusterId.Parse(" 12 "));
        Assert.NotEqual(new ClusterId(12), new ClusterId(13));
        Assert.Equal(new[] { 3, 12, 200 }, new[] { new ClusterId(200), new ClusterId(3), new ClusterId(12) }.OrderBy(i => i).Select(i => i.Value));
    }

    [Fact]
    public void An_id_formats_and_converts_as_its_number()
    {
        var id = new ClusterId(7);
        Assert.Equal("7", id.ToString());
        Assert.Equal("007", id.ToString("000", null));
        int number = id;
        Assert.Equal(7, number);
        Assert.Equal(0, default(ClusterId).Value);
    }

    [Theory]
    [InlineData(12, 12)]
    [InlineData((byte)255, 255)]
    [InlineData(12L, 12)]
    [InlineData(12.0, 12)]
    [InlineData("12", 12)]
    [InlineData(" 0 ", 0)]
    public void The_converter_takes_whole_numbers_and_their_text(object value, int expected)
    {
        var converter = TypeDescriptor.GetConverter(typeof(ClusterId));
        Assert.True(converter.CanConvertFrom(value.GetType()));
        Assert.Equal(new ClusterId(expected), converter.ConvertFrom(value));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData(256)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(1e300)]
    public void The_converter_refuses_fractions_empty_text_and_out_of_range_values_instead_of_rounding(object value)
    {
        var converter = TypeDescriptor.GetConverter(typeof(ClusterId));
        var ex = Assert.Throws<FormatException>(() => converter.ConvertFrom(value));
        Assert.Contains("not a cluster identifier", ex.Message);
        Assert.Contains("whole number 0-255", ex.Message);
    }
}

public class ClusterKeyTests
{
    [Fact]
    public void A_cluster_is_its_segment_and_id_and_blank_segments_are_the_default_one()
    {
        var node = new GatewayNode { ComputerName = "meg1", ClusterId = 12 };
        Assert.Equal(new ClusterKey(null, new ClusterId(12)), ClusterKey.Of(node));
        Assert.Equal(new ClusterKey("  ", new ClusterId(12)), new ClusterKey("", new ClusterId(12)));
        Assert.True(ClusterKey.Of(node).IsDefaultSegment);
        Assert.Equal("cluster 12", ClusterKey.Of(node).ToString());

        node.Segment = "Site-A";
        Assert.Equal(new ClusterKey("site-a", new ClusterId(12)), ClusterKey.Of(node));
        Assert.NotEqual(new ClusterKey("site-b", new ClusterId(12)), ClusterKey.Of(node));
        Assert.Equal("cluster 12 in segment Site-A", ClusterKey.Of(node).ToString());
    }

    [Fact]
    public void Keys_group_nodes_by_segment_then_id()
    {
        var keys = new[] { new ClusterKey("b", new ClusterId(1)), new ClusterKey("a", new ClusterId(12)), new ClusterKey("", new ClusterId(12)), new ClusterKey("A", new ClusterId(3)) };
        Assert.Equal(new[] { "cluster 12", "cluster 3 in segment A", "cluster 12 in segment a", "cluster 1 in segment b" }, keys.OrderBy(k => k).Select(k => k.ToString()));
        Assert.Equal(4, new HashSet<ClusterKey>(keys.Append(new ClusterKey("B", new ClusterId(1))).Append(new ClusterKey("a", new ClusterId(3)))).Count);
    }

    [Fact]
    public void A_node_refuses_an_id_out_of_range()
    {
        var node = new GatewayNode();
        Assert.Throws<ArgumentOutOfRangeException>(() => node.ClusterId = 256);
        Assert.Equal(string.Empty, node.Segment);
    }
}
