using Xunit;
using EmailGateway.Transport;

namespace EmailGateway.Tests.Core.Transport;

public class TerminalTextTests
{
    [Theory]
    [InlineData("plain\r\nlines\r\n", "plain\nlines\n")]
    [InlineData("\u001b[1mbold\u001b[0m text", "bold text")]
    [InlineData("\u001b]0;title\u0007after", "after")]
    [InlineData("--More--\r        \r  Role : Master", "  Role : Master")]
    [InlineData("--More--\r        \rab", "ab")]
    [InlineData("abc\b\bX", "aXc")]
    [InlineData("x\b \b", "")]
    [InlineData("bell\u0007 and nul\0", "bell and nul")]
    [InlineData("trailing   \n", "trailing\n")]
    public void Renders_what_the_screen_showed(string received, string shown)
    {
        Assert.Equal(shown, TerminalText.Render(received));
    }
}
