using Xunit;
using EmailGateway.Protocol;

namespace EmailGateway.Tests.Core.Protocol;

public class ApplianceErrorTests
{
    [Fact]
    public void Parses_code_and_message_keeping_colons_in_the_message()
    {
        var error = ApplianceError.Parse("error: busy: rebooting\n", 1);
        Assert.Equal("busy", error.Code);
        Assert.Equal("rebooting", error.Message);

        var withColon = ApplianceError.Parse("error: invalid-argument: bad value: 'x'", 2);
        Assert.Equal("invalid-argument", withColon.Code);
        Assert.Equal("bad value: 'x'", withColon.Message);
    }

    [Fact]
    public void Reads_the_first_error_line_after_other_noise()
    {
        var error = ApplianceError.Parse("warning: low disk\r\n  error: checksum-mismatch: expected abc\r\nerror: busy: later\n", 1);
        Assert.Equal("checksum-mismatch", error.Code);
        Assert.Equal("expected abc", error.Message);
    }

    [Theory]
    [InlineData("Segmentation fault (core dumped)", "Segmentation fault (core dumped)")]
    [InlineData("  something odd \n", "something odd")]
    [InlineData("error: no code here", "no code here")]
    [InlineData("error: : empty code", ": empty code")]
    public void Odd_stderr_becomes_code_unknown(string stderr, string message)
    {
        var error = ApplianceError.Parse(stderr, 3);
        Assert.Equal("unknown", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("  \n ")]
    public void Empty_stderr_reports_the_exit_status(string? stderr)
    {
        var error = ApplianceError.Parse(stderr!, 127);
        Assert.Equal("unknown", error.Code);
        Assert.Contains("127", error.Message);
    }

    [Fact]
    public void Format_and_Parse_are_inverse()
    {
        var line = ApplianceError.Format(ErrorCodes.NotFound, "no such package /var/tmp/updates/x.pkg");
        Assert.Equal("error: not-found: no such package /var/tmp/updates/x.pkg", line);

        var parsed = ApplianceError.Parse(line, 1);
        Assert.Equal(ErrorCodes.NotFound, parsed.Code);
        Assert.Equal("no such package /var/tmp/updates/x.pkg", parsed.Message);
        Assert.Equal(line, parsed.ToString());
    }

    [Fact]
    public void CommandResult_Fail_writes_one_protocol_error_line()
    {
        var result = CommandResult.Fail(ErrorCodes.Busy, "rebooting");
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.ExitStatus);
        Assert.Equal("error: busy: rebooting\n", result.StandardError);
        Assert.Equal(string.Empty, result.StandardOutput);

        Assert.True(CommandResult.Ok("x").Succeeded);
        Assert.Equal(string.Empty, new CommandResult(0, null!, null!).StandardError);
    }
}
