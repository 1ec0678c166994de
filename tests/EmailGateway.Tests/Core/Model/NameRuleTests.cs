using EmailGateway.Lab.Description;
using EmailGateway.Model;
using EmailGateway.Sessions;
using Xunit;

namespace EmailGateway.Tests.Core.Model;

/// <summary>Session, segment and lab node names follow one rule each, told in the rule's own words.</summary>
public sealed class NameRuleTests
{
    private const string SessionCharacters = "letters, digits, '.', '_', '-' and ':', starting with a letter or digit";
    private const string SegmentCharacters = "letters, digits, '.', '_', '-', '/'; starting with a letter or digit";

    public static TheoryData<string, string?> SessionNames => new()
    {
        { "meg1.example.com", null },
        { "2001:db8::11", null },
        { "", "the name is empty" },
        { new string('a', 254), "a name of 254 characters is longer than 253" },
        { "gw*", "'gw*' has a wildcard character (*, ?, [ or ]); session names are matched with wildcards, so it would stand for others" },
        { "gw 1", "'gw 1' has a space, a line break or a control character" },
        { "gw\n1", "'gw\\n1' has a space, a line break or a control character" },
        { "-gw", $"'-gw' is not a session name ({SessionCharacters})" },
        { "gw/1", $"'gw/1' is not a session name ({SessionCharacters})" },
    };

    [Theory]
    [MemberData(nameof(SessionNames))]
    public void Session_names(string name, string? problem) => Assert.Equal(problem, SessionName.Problem(name));

    public static TheoryData<string, string?> SegmentNames => new()
    {
        { " Fleet/site-001 ", null },
        { "", null },
        { new string('s', 128), null },
        { new string('s', 129), "the segment name 'ssssssssssssssssssss...' is longer than 128 characters" },
        { "-east", $"'-east' is not a segment name ({SegmentCharacters})" },
        { " east side ", $"'east side' is not a segment name ({SegmentCharacters})" },
        { "site:1", $"'site:1' is not a segment name ({SegmentCharacters})" },
    };

    [Theory]
    [MemberData(nameof(SegmentNames))]
    public void Segment_names(string name, string? problem) => Assert.Equal(problem, SegmentName.Problem(name));

    [Theory]
    [InlineData("meg_1.lab", true)]
    [InlineData("-meg1", false)]
    [InlineData("meg/1", false)]
    [InlineData("'meg 1'", false)]
    public void Lab_node_names(string name, bool allowed)
    {
        var yaml = $"settings: {{ name: Names }}\nnodes:\n  - {{ name: {name}, build: 7.6.4 P3, mode: master }}\n";
        if (allowed)
        {
            LabDescription.Parse(yaml, "lab.yaml");
            return;
        }
        var error = Assert.Throws<LabDescriptionException>(() => LabDescription.Parse(yaml, "lab.yaml"));
        Assert.Equal($"'{name.Trim('\'')}' is not a node name (letters, digits, '.', '_', '-')", error.Problem);
    }

    [Fact]
    public void A_lab_node_name_too_long_is_not_a_node_name()
    {
        var name = new string('n', 64);
        var yaml = $"settings: {{ name: Names }}\nnodes:\n  - {{ name: {name.Substring(1)}, build: 7.6.4 P3, mode: master }}\n  - {{ name: {name}, build: 7.6.4 P3, mode: scanner }}\n";
        var error = Assert.Throws<LabDescriptionException>(() => LabDescription.Parse(yaml, "lab.yaml"));
        Assert.Equal($"'{name}' is not a node name (letters, digits, '.', '_', '-')", error.Problem);
    }

    [Fact]
    public void A_rule_asks_its_own_checks_after_the_length_and_before_the_characters()
    {
        var rule = new NameRule("test", "-", "letters, digits, '-'", 5, null, name => name.Contains("x") ? "no x" : null);
        Assert.Equal("'toolong' is not a test name (letters, digits, '-')", rule.Problem("toolong"));
        Assert.Equal("no x", rule.Problem("x_y"));
        Assert.Equal("'a_b' is not a test name (letters, digits, '-')", rule.Problem("a_b"));
        Assert.Null(rule.Problem("a-b"));
        Assert.Equal(5, rule.MaxLength);
    }
}
