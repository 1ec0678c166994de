using EmailGateway.DesiredState;
using EmailGateway.Inventory;
using EmailGateway.Lab.Description;
using Xunit;

namespace EmailGateway.Tests.Core.Yaml;

/// <summary>
/// Every user-written YAML file reports a syntax error with its file, line and reason, as its own kind of error,
/// also for the broken flow collections that YamlDotNet reports without a position (InvalidOperationException,
/// ArgumentException).
/// </summary>
public sealed class YamlSyntaxErrorTests
{
    // A key broken off inside a flow mapping: YamlDotNet throws InvalidOperationException, with no line.
    private const string BrokenFlowMapping = "nodes:\n  - { name: meg1, \nhstname: meg1.example.com, build: 7.6.4 P3 }\n";
    // A stray ':' and ']' in a block mapping: YamlDotNet throws ArgumentException ("unsupported type"), with no line.
    private const string StrayIndicators = "settings:\n : name: KB\n  virtualIp:] 192.0.2.10\n";
    // An ordinary syntax error, which YamlDotNet reports with its line.
    private const string UnclosedSequence = "settings: { name: x }\nnodes: [ a, b\n";

    public static TheoryData<string, long> Broken => new()
    {
        { BrokenFlowMapping, 2 },
        { StrayIndicators, 2 },
        { UnclosedSequence, 3 },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_lab_description_names_the_file_line_and_reason(string yaml, long line)
    {
        var ex = Assert.Throws<LabDescriptionException>(() => LabDescription.Parse(yaml, "lab.yaml"));
        Assert.Equal("lab.yaml", ex.SourceName);
        Assert.InRange(ex.Line, line, line + 1);
        Assert.StartsWith("not valid YAML: ", ex.Problem);
        Assert.DoesNotContain("current state of the object", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_desired_state_file_names_the_file_line_and_reason(string yaml, long line)
    {
        var ex = Assert.Throws<DesiredStateException>(() => DesiredStateDocument.Parse(yaml, "desired.yaml"));
        Assert.Matches($@"^desired\.yaml, line ({line}|{line + 1}): not valid YAML: ", ex.Message);
        Assert.DoesNotContain("current state of the object", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void An_inventory_names_the_file_line_and_reason(string yaml, long line)
    {
        var ex = Assert.Throws<InventoryException>(() => InventoryFile.Parse(yaml.Replace("nodes:", "appliances:").Replace("settings:", "defaults:"), "inventory.yaml", "/tmp"));
        Assert.Equal("inventory.yaml", ex.Path);
        Assert.InRange(ex.Line ?? 0, line - 1, line + 1);   // the deserializer may stop a line early, at a value it cannot take
        Assert.Contains("not valid", ex.Message);
        Assert.DoesNotContain("current state of the object", ex.Message);
    }
}
