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
