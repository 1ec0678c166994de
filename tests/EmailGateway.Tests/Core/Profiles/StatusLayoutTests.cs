using Xunit;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Profiles.Status;
using EmailGateway.Protocol;

namespace EmailGateway.Tests.Core.Profiles;

public class StatusLayoutTests
{
    [Fact]
    public void The_worked_example_profile_reads_every_field_of_the_text_reply()
    {
        var reading = WorkedExample.Profile.Status.Read(WorkedExample.Reply);

        Assert.All(reading.Fields, f => Assert.Equal(StatusFieldOutcome.Parsed, f.Outcome));
        var node = reading.ToNode();
        Assert.Equal("meg2.example.com", node.Hostname);
        Assert.Equal("MEG", node.Product);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), node.Build);
        Assert.Equal(PowerState.Running, node.Power);
        Assert.Equal(ClusterMode.Failover, node.Mode);
        Assert.Equal(12, node.ClusterId);
        Assert.Equal("192.0.2.10", node.VirtualIp);
        Assert.False(node.VrrpActive);
        Assert.True(node.Scanning);
        Assert.Equal(NetworkState.Online, node.NetworkState);
        Assert.Equal("192.0.2.12", node.Address);
        Assert.Equal("scmgateway", node.Helo);
        Assert.Equal(0, node.MailQueue);
        Assert.Equal(42, node.ConfigRevision);
        Assert.Equal(SyncState.Corrupt, node.Sync);
        Assert.Equal(new[] { "Console time" }, reading.OtherKeys);
    }

    [Fact]
    public void Each_reading_says_where_it_looked_what_it_found_and_on_which_line()
    {
        var reading = WorkedExample.Profile.Status.Read(WorkedExample.Reply);

        var link = reading.Fields.Single(f => f.Field == "NetworkState");
        Assert.Equal("networkState", link.Key);
        Assert.True(link.Required);
        Assert.Equal("Traffic interfaces/Link", link.Location);
        Assert.Equal("Up", link.Text);
        Assert.Equal(NetworkState.Online, link.Value);
        Assert.Equal(15, link.Line);
        Assert.Equal(StatusField.All.Select(f => f.Property), reading.Fields.Select(f => f.Field));
    }

    [Fact]
    public void A_firmware_word_without_a_value_map_is_unparsable_and_named()
    {
        var profile = DeviceProfile.Parse(File.ReadAllText(WorkedExample.ProfilePath).Replace("    networkState: { up: online, down: offline }\n", ""), "no-map.yaml");

        var reading = profile.Status.Read(WorkedExample.Reply);

        var link = reading.Fields.Single(f => f.Field == "NetworkState");
        Assert.Equal(StatusFieldOutcome.Unparsable, link.Outcome);
        Assert.Contains("'Traffic interfaces/Link'", link.Problem);
        Assert.Contains("'Up'", link.Problem);
        Assert.Contains("network state", link.Problem);
        var error = Assert.Throws<FormatException>(() => reading.ToNode());
        Assert.Contains("Traffic interfaces/Link", error.Message);
    }

    [Fact]
    public void Keys_compare_without_case_and_blanks_and_a_key_alone_is_found_in_any_section()
    {
        var profile = DeviceProfile.Parse("""
            status:
              format: keyValue
              section: '^\[(?<section>.+)\]$'
              hostname: host   NAME
              build: '[sys]/Version'
              mode: HA/role
              clusterId: HA/Group
              networkState: TCP/IP link
              sync: HA/config state
            """, "brackets.yaml");
        var reply = "[sys]\nHost Name: gw7\n[HA]\nRole: scanner\nGroup: 4\nConfig  State: stale\n[net]\nTCP/IP link: online\n";

        var reading = profile.Status.Read(reply);

        Assert.Equal("gw7", reading.Fields.Single(f => f.Field == "Hostname").Value);
        Assert.Equal("sys/Host Name", reading.Fields.Single(f => f.Field == "Hostname").Location);
        Assert.Equal(StatusFieldOutcome.Missing, reading.Fields.Single(f => f.Field == "Build").Outcome);
        Assert.Equal(NetworkState.Online, reading.Fields.Single(f => f.Field == "NetworkState").Value);
        Assert.Equal(SyncState.Stale, reading.Fields.Single(f => f.Field == "Sync").Value);
        Assert.Contains("The status has no '[sys]/Version'", Assert.Throws<FormatException>(() => reading.ToNode()).Message);
    }

    [Fact]
    public void Optional_fields_not_mapped_or_not_found_take_their_fallback_and_say_so()
    {
        var profile = DeviceProfile.Parse("""
            status:
              format: keyValue
              hostname: Host
              build: Build
              mode: Mode
              clusterId: Cluster
              networkState: Link
              sync: Sync
              mailQueue: Queue
            """, "short.yaml");

        var reading = profile.Status.Read("Host: gw7\nBuild: 8.0\nMode: standalone\nCluster: 0\nLink: online\nSync: source\n");

        Assert.True(reading.IsComplete);
        var queue = reading.Fields.Single(f => f.Field == "MailQueue");
        Assert.Equal(StatusFieldOutcome.Missing, queue.Outcome);
        Assert.Equal(0, queue.Value);
        Assert.False(queue.IsBlocking);
        var power = reading.Fields.Single(f => f.Field == "Power");
        Assert.Equal(StatusFieldOutcome.NotMapped, power.Outcome);
        Assert.Equal(PowerState.Running, power.Value);
        Assert.Contains("does not say where", power.Problem);
        Assert.Equal(PowerState.Running, reading.ToNode().Power);
    }

    [Fact]
    public void A_regex_profile_reads_the_same_reply_through_named_groups()
    {
        var profile = DeviceProfile.Parse("""
            status:
              format: regex
              patterns:
                - '^\s*Host name\s*:\s*(?<hostname>\S+)'
                - '^\s*Software version\s*:\s*(?<build>.+?)\s*$'
                - '^\s*Role\s*:\s*(?<mode>\w+)'
                - '^\s*Cluster ID\s*:\s*(?<group>\d+)'
                - '^\s*Link\s*:\s*(?<networkState>\w+)'
                - '^\s*Sync state\s*:\s*(?<sync>.+?)\s*$'
              clusterId: group
              values:
                networkState: { up: online, down: offline }
                sync: { in sync: in-sync }
            """, "regex.yaml");

        var reading = profile.Status.Read(WorkedExample.Reply);

        Assert.True(reading.IsComplete, string.Join("; ", reading.Problems));
        var node = reading.ToNode();
        Assert.Equal(12, node.ClusterId);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), node.Build);
        Assert.Equal(SyncState.Corrupt, node.Sync);
        Assert.Equal("group", reading.Fields.Single(f => f.Field == "ClusterId").Location);
        Assert.Equal(10, reading.Fields.Single(f => f.Field == "ClusterId").Line);
        Assert.Equal(StatusFieldOutcome.NotMapped, reading.Fields.Single(f => f.Field == "Helo").Outcome);
    }

    [Fact]
    public void A_reply_that_is_not_yaml_is_one_problem_for_a_yaml_profile()
    {
        var reading = DeviceProfile.Default.Status.Read(WorkedExample.Reply);

        Assert.False(reading.IsComplete);
        Assert.Contains("YAML", Assert.Single(reading.Problems));
        Assert.All(reading.Fields, f => Assert.Equal(StatusFieldOutcome.Missing, f.Outcome));
    }

    [Fact]
    public void Value_maps_apply_to_the_yaml_format_too()
    {
        var profile = DeviceProfile.Parse("status:\n  values:\n    mode: { primary: master, secondary: failover }\n", "words.yaml");
        var yaml = Protocol.StatusDocumentTests.DesignSample.Replace("mode: master", "mode: Primary");

        Assert.Equal(ClusterMode.Master, profile.Status.Read(yaml).ToNode().Mode);
    }
}
