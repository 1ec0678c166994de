using Xunit;
using EmailGateway.Profiles;
using EmailGateway.Profiles.Status;

namespace EmailGateway.Tests.Core.Profiles;

/// <summary>Every problem in a profile is refused on load, naming the file, the line and the key.</summary>
public class ProfileValidationTests
{
    private const string KeyValueFields = """
          hostname: System/Host name
          build: System/Software version
          mode: Cluster/Role
          clusterId: Cluster/Cluster ID
          networkState: Traffic interfaces/Link
          sync: Configuration/Sync state
        """;

    public static TheoryData<string, string, string> Problems => new()
    {
        { "colour: blue\n", "colour", "unknown key" },
        { "channel: telnet\n", "channel", "'exec' or 'shell'" },
        { "uploadDirectory: incoming\n", "uploadDirectory", "safe absolute folder" },
        { "commands:\n  status: \"show\\nstatus\"\n", "commands.status", "one line" },
        { "commands:\n  restrat: reboot\n", "commands.restrat", "unknown key" },
        { "pager:\n  send: ' '\n", "pager.prompt", "is required" },
        { "pager:\n  prompt: '--More--('\n", "pager.prompt", "not a regular expression" },
        { "pager:\n  prompt: '--More--'\n  key: ' '\n", "pager.key", "unknown key" },
        { "errors:\n  pattern: '^% (?<msg>.*)'\n", "errors.pattern", "'msg'" },
        { "errors:\n  pattern: '^% ['\n", "errors.pattern", "not a regular expression" },
        { "errors:\n  exitStatus: maybe\n", "errors.exitStatus", "not true or false" },
        { "errors:\n  exitStatus: false\n  pattern: ''\n", "errors", "no failure could ever be seen" },
        { "channel: shell\nerrors:\n  pattern: ''\n", "errors.pattern", "shell has no exit status" },
        { "errors:\n  codes:\n    Busy: busy\n", "errors.codes.Busy", "lower-case" },
        { "errors:\n  codes:\n    busy: '('\n", "errors.codes.busy", "not a regular expression" },
        { "status:\n  format: xml\n", "status.format", "yaml, keyValue or regex" },
        { "status:\n  section: '^\\[(.+)\\]$'\n", "status.section", "only with format keyValue" },
        { "status:\n  format: keyValue\n  patterns: ['x']\n" + KeyValueFields, "status.patterns", "only with format regex" },
        { "status:\n  format: keyValue\n  hostname: Host\n", "status.build", "Section/Key" },
        { "status:\n  format: keyValue\n  section: '(?<section>'\n" + KeyValueFields, "status.section", "not a regular expression" },
        { "status:\n  format: regex\n", "status.patterns", "is required with format regex" },
        { "status:\n  format: regex\n  patterns: ['(?<hostname>\\S+)']\n", "status.build", "(?<build>...)" },
        { "status:\n  format: regex\n  patterns: ['(?<hostname>a)(?<build>b)(?<mode>c)(?<clusterId>d)(?<networkState>e)(?<sync>f)(?<hostnmae>g)']\n", "status.patterns", "'hostnmae' is not a field" },
        { "status:\n  format: regex\n  patterns: ['(?<hostname>a)(?<build>b)(?<mode>c)(?<clusterId>d)(?<networkState>e)(?<sync>f)']\n  helo: greeting\n", "status.helo", "no pattern has a group named 'greeting'" },
        { "status:\n  hostname: ~\n", "status.hostname", "is required" },
        { "status:\n  mode: cluster..mode\n", "status.mode", "dotted YAML path" },
        { "status:\n  values:\n    colour: { red: blue }\n", "status.values.colour", "unknown key" },
        { "status:\n  values:\n    networkState: { up: onlin }\n", "status.values.networkState.up", "'onlin' is not a network state" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void A_problem_is_refused_naming_file_line_and_key(string yaml, string key, string problem)
    {
        var ex = Assert.Throws<DeviceProfileException>(() => DeviceProfile.Parse(yaml, "fw.yaml"));

        Assert.Equal(key, ex.Key);
        Assert.Contains(problem, ex.Message);
        Assert.StartsWith("The device profile 'fw.yaml' is not valid: line ", ex.Message);
        Assert.InRange(ex.Line, 1, yaml.Split('\n').Length);
    }

    [Fact]
    public void An_optional_field_set_to_null_is_not_carried()
    {
        var profile = DeviceProfile.Parse("status:\n  mailQueue: ~\n", "no-queue.yaml");

        Assert.Null(profile.Status.LocationOf(EmailGateway.Protocol.StatusField.MailQueue));
        var queue = profile.Status.Read(Protocol.StatusDocumentTests.DesignSample).Fields.Single(f => f.Field == "MailQueue");
        Assert.Equal(StatusFieldOutcome.NotMapped, queue.Outcome);
    }

    [Fact]
    public void A_profile_without_a_name_is_named_after_its_file()
    {
        Assert.Equal("fw8", DeviceProfile.Parse("channel: exec\n", "/etc/gateways/fw8.yaml").Name);
    }

    [Fact]
    public void The_worked_example_loads_with_its_pager_errors_and_layout()
    {
        var profile = WorkedExample.Profile;

        Assert.Equal("text-cli", profile.Name);
        Assert.True(profile.IsShellChannel);
        Assert.Equal("--More--", profile.Pager!.Prompt);
        Assert.Equal(" ", profile.Pager.Send);
        Assert.Equal(StatusFormat.KeyValue, profile.Status.Format);
        Assert.Equal(7, profile.Errors.Codes.Count);
        Assert.Equal(EmailGateway.Protocol.StatusField.All.Count, profile.Status.Locations.Count);
    }
}
