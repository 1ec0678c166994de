using Xunit;
using EmailGateway.Profiles;
using EmailGateway.Protocol;

namespace EmailGateway.Tests.Core.Profiles;

public class ErrorRulesTests
{
    [Fact]
    public void The_default_rules_read_the_protocols_error_line()
    {
        var error = ErrorRules.Default.Recognise(new CommandResult(1, string.Empty, "error: busy: meg2 is updating\n"))!;
        Assert.Equal("busy", error.Code);
        Assert.Equal("meg2 is updating", error.Message);
        Assert.Null(ErrorRules.Default.Recognise(CommandResult.Ok("hostname: meg1\n")));
    }

    [Fact]
    public void A_non_zero_status_without_an_error_line_is_a_failure_with_code_unknown()
    {
        var error = ErrorRules.Default.Recognise(new CommandResult(127, string.Empty, "sh: 1: frob: not found\n"))!;
        Assert.Equal("unknown", error.Code);
        Assert.Equal("sh: 1: frob: not found", error.Message);
        Assert.Equal("the command failed with exit status 3", ErrorRules.Default.Recognise(new CommandResult(3, "", ""))!.Message);
    }

    [Fact]
    public void An_error_line_fails_a_command_even_with_exit_status_0()
    {
        var error = ErrorRules.Default.Recognise(new CommandResult(0, "error: injected-fault: no\n", string.Empty))!;
        Assert.Equal("injected-fault", error.Code);
    }

    [Theory]
    [InlineData("% Error: System busy - meg2 is updating; try again when it is running", "busy", "System busy - meg2 is updating; try again when it is running")]
    [InlineData("% Invalid input: 'frobnicate'", "unknown-command", "Invalid input: 'frobnicate'")]
    [InlineData("% Error: Checksum verification failed - /var/tmp/updates/x.pkg has SHA-256 00", "checksum-mismatch", "Checksum verification failed - /var/tmp/updates/x.pkg has SHA-256 00")]
    [InlineData("% Error: Something new", "unknown", "Something new")]
    public void The_worked_example_turns_the_firmwares_wording_into_error_codes(string line, string code, string message)
    {
        var error = WorkedExample.Profile.Errors.Recognise(CommandResult.Ok("\n" + line + "\n"))!;
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void With_exitStatus_false_only_the_pattern_counts()
    {
        var rules = DeviceProfile.Parse("errors:\n  exitStatus: false\n  pattern: '^ERR (?<code>\\w+) (?<message>.*)$'\n", "p.yaml").Errors;
        Assert.Null(rules.Recognise(new CommandResult(1, "Hostname: gw\n", string.Empty)));
        var error = rules.Recognise(new CommandResult(0, "ERR busy rebooting\n", string.Empty))!;
        Assert.Equal("busy", error.Code);
        Assert.Equal("rebooting", error.Message);
    }

    [Fact]
    public void Codes_compare_without_case()
    {
        var rules = DeviceProfile.Parse("errors:\n  pattern: '^% (?<message>.*)$'\n  codes: { busy: 'system busy' }\n", "p.yaml").Errors;
        Assert.Equal("busy", rules.Recognise(CommandResult.Ok("% SYSTEM BUSY\n"))!.Code);
    }
}
