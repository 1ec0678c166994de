using EmailGateway.Transport;
using Xunit;

namespace EmailGateway.Tests.Core.Transport;

public class HostPortTests
{
    [Theory]
    [InlineData("meg1.example.com", "meg1.example.com", null)]
    [InlineData(" 192.0.2.11:2222 ", "192.0.2.11", 2222)]
    [InlineData("[2001:db8::1]", "2001:db8::1", null)]
    [InlineData("[2001:db8::1]:25", "2001:db8::1", 25)]
    [InlineData("2001:db8::1", "2001:db8::1", null)]
    public void Splits_every_accepted_shape(string text, string host, int? port)
    {
        Assert.True(HostPort.TrySplit(text, "the server", out var actualHost, out var actualPort, out var error), error);
        Assert.Equal(host, actualHost);
        Assert.Equal(port, actualPort);
    }

    [Theory]
    [InlineData("", "the server is empty")]
    [InlineData("[2001:db8::1", "unterminated")]
    [InlineData("[2001:db8::1]x", "text after the address")]
    [InlineData(":25", "names no host")]
    [InlineData("meg1:0", "not a number between 1 and 65535")]
    [InlineData("meg1:65536", "not a number between 1 and 65535")]
    [InlineData("meg1:http", "port 'http'")]
    public void Refuses_malformed_text_naming_the_problem(string text, string expected)
    {
        Assert.False(HostPort.TrySplit(text, "the server", out _, out _, out var error));
        Assert.Contains(expected, error);
    }
}
