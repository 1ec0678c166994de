using Xunit;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Profiles.Status;
using EmailGateway.Protocol;
using EmailGateway.Tests.Core.Support;
using EmailGateway.Transport;

namespace EmailGateway.Tests.Core.Profiles;

public class DeviceProfileTests
{
    private static string DefaultYaml()
    {
        using var stream = typeof(DeviceProfile).Assembly.GetManifestResourceStream("EmailGateway.Profiles.default.yaml")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public void The_embedded_default_loads_with_the_design_protocol()
    {
        var profile = DeviceProfile.Default;

        Assert.Equal("default", profile.Name);
        Assert.Equal("built-in", profile.Source);
        Assert.Equal("exec", profile.Channel);
        Assert.Equal("/var/tmp/updates/", profile.UploadDirectory);
        Assert.Equal("show status", profile.Commands.Status);
        Assert.Equal("set cluster-id {id}", profile.Commands.SetClusterId);
        Assert.Equal("set cluster-mode {mode}", profile.Commands.SetClusterMode);
        Assert.Equal("set cluster-mode {mode} --virtual-ip {virtualIp}", profile.Commands.SetClusterModeWithVirtualIp);
        Assert.Equal("set network {state}", profile.Commands.SetNetwork);
        Assert.Equal("set address {address}", profile.Commands.SetAddress);
        Assert.Equal("set smtp-helo {helo}", profile.Commands.SetHelo);
        Assert.Equal("update apply {path} --sha256 {sha256}", profile.Commands.ApplyUpdate);
        Assert.Equal("restart", profile.Commands.Restart);
        Assert.Equal(StatusFormat.Yaml, profile.Status.Format);
        Assert.Equal("cluster.virtual_ip", profile.Status.LocationOf(StatusField.VirtualIp));
        Assert.Equal("vrrp.active", profile.Status.LocationOf(StatusField.VrrpActive));
        Assert.True(profile.Errors.ExitStatus);
        Assert.Null(profile.Pager);
        Assert.Matches(profile.Prompt, "meg1.example.com> ");
    }

    [Fact]
    public void The_embedded_default_matches_the_code_defaults()
    {
        var profile = DeviceProfile.Default;

        Assert.Equal(new CommandTemplates().ByKey(), profile.Commands.ByKey());
        foreach (var field in StatusField.All)
            Assert.Equal(field.YamlPath, profile.Status.LocationOf(field));
        Assert.Equal(ApplianceError.LinePattern, profile.Errors.Pattern!.ToString());
        Assert.Equal(DeviceProfile.DefaultPrompt, profile.Prompt);
    }

    [Fact]
    public void The_default_profile_parses_the_design_status_sample()
    {
        var node = StatusDocument.Parse(Protocol.StatusDocumentTests.DesignSample, DeviceProfile.Default.Status);
        Assert.Equal("meg1.example.com", node.Hostname);
    }

    [Fact]
    public void Load_reads_an_edited_copy_from_disk_and_remembers_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"egw-profile-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, DefaultYaml().Replace("name: default", "name: edited").Replace("uploadDirectory: /var/tmp/updates/", "uploadDirectory: /data/incoming"));
        try
        {
            var profile = DeviceProfile.Load(path);
            Assert.Equal("edited", profile.Name);
            Assert.Equal(path, profile.Source);
            Assert.Equal("/data/incoming/", profile.UploadDirectory);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_of_a_missing_file_names_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"egw-missing-{Guid.NewGuid():N}.yaml");
        var ex = Assert.Throws<FileNotFoundException>(() => DeviceProfile.Load(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public async Task An_edited_profile_with_renamed_commands_and_keys_drives_the_client()
    {
        var yaml = """
            name: fw8
            channel: shell
            commands:
              status: cluster info --yaml
              setClusterId: cluster group={id}
              setClusterMode: cluster role={mode}
              setClusterModeWithVirtualIp: cluster role={mode} vip={virtualIp}
              setNetwork: iface traffic {state}
              setAddress: iface address {address}
              setHelo: mta greeting {helo}
              applyUpdate: pkg install --file={path} --digest={sha256}
              restart: system reboot now
            status:
              hostname: sys.name
              build: sys.release
              mode: ha.role
              clusterId: ha.group
              networkState: link
              sync: cfg
            """;
        var profile = DeviceProfile.Parse(yaml, "fw8.yaml");
        var transport = new FakeTransport("gw7");
        transport.Fallback = line => CommandResult.Ok(line == "cluster info --yaml"
            ? "sys: { name: gw7.example.net, release: 8.0.1 P1 }\nha: { role: scanner, group: 4 }\nlink: online\ncfg: in-sync\n"
            : "");
        var client = new GatewayClient(transport, profile);
        var sha = new string('a', 64);

        var node = await client.GetStatusAsync(CancellationToken.None);
        await client.SetClusterIdAsync(new ClusterId(4), CancellationToken.None);
        await client.SetClusterModeAsync(ClusterMode.Failover, null, CancellationToken.None);
        await client.SetClusterModeAsync(ClusterMode.Master, "192.0.2.10", CancellationToken.None);
        await client.SetNetworkStateAsync(NetworkState.Offline, CancellationToken.None);
        await client.SetAddressAsync("192.0.2.10", CancellationToken.None);
        await client.SetHeloAsync("gw7.example.net", CancellationToken.None);
        await client.ApplyUpdateAsync("/var/tmp/updates/x.pkg", sha, CancellationToken.None);
        await client.RestartAsync(CancellationToken.None);

        Assert.Equal("gw7.example.net", node.Hostname);
        Assert.Equal(GatewayBuild.Parse("8.0.1 P1"), node.Build);
        Assert.Equal(ClusterMode.Scanner, node.Mode);
        Assert.Equal(4, node.ClusterId);
        Assert.Equal(new[]
        {
            "cluster info --yaml",
            "cluster group=4",
            "cluster role=failover",
            "cluster role=master vip=192.0.2.10",
            "iface traffic offline",
            "iface address 192.0.2.10",
            "mta greeting gw7.example.net",
            $"pkg install --file=/var/tmp/updates/x.pkg --digest={sha}",
            "system reboot now",
        }, transport.Commands);
        Assert.Equal("shell", profile.Channel);
        Assert.Equal("fw8.yaml", profile.Source);
        // Keys the edited profile does not name keep the protocol defaults.
        Assert.Equal("vrrp.active", profile.Status.LocationOf(StatusField.VrrpActive));
    }

    [Theory]
    [InlineData("setClusterId: set cluster-id {id}", "setClusterId: set cluster-id", "commands.setClusterId", "{id}")]
    [InlineData("setHelo: set smtp-helo {helo}", "setHelo: set smtp-helo HELO", "commands.setHelo", "{helo}")]
    [InlineData("applyUpdate: update apply {path} --sha256 {sha256}", "applyUpdate: update apply {path}", "commands.applyUpdate", "{sha256}")]
    [InlineData("setClusterModeWithVirtualIp: set cluster-mode {mode} --virtual-ip {virtualIp}", "setClusterModeWithVirtualIp: set cluster-mode {mode}", "commands.setClusterModeWithVirtualIp", "{virtualIp}")]
    [InlineData("setClusterId: set cluster-id {id}", "setClusterId: set cluster-id {idd}", "commands.setClusterId", "{id}")]
    [InlineData("restart: restart", "restart: restart {now}", "commands.restart", "{now}")]
    public void A_command_missing_a_placeholder_is_rejected_naming_command_and_slot(string good, string bad, string command, string slot)
    {
        var yaml = DefaultYaml().Replace(good, bad);
        Assert.NotEqual(DefaultYaml(), yaml);

        var ex = Assert.ThrowsAny<FormatException>(() => DeviceProfile.Parse(yaml, "edited.yaml"));

        Assert.Contains("'edited.yaml'", ex.Message);
        Assert.Contains(command, ex.Message);
        Assert.Contains(slot, ex.Message);
        Assert.Equal(command, Assert.IsType<DeviceProfileException>(ex).Key);
    }

    [Fact]
    public void An_empty_command_is_rejected_naming_it()
    {
        var yaml = DefaultYaml().Replace("  restart: restart", "  restart: ''");
        var ex = Assert.Throws<DeviceProfileException>(() => DeviceProfile.Parse(yaml, "edited.yaml"));
        Assert.Equal("commands.restart", ex.Key);
        var line = Array.IndexOf(DefaultYaml().Split('\n'), "  restart: restart") + 1;
        Assert.Equal(line, ex.Line);
        Assert.Contains($"line {line}", ex.Message);
    }

    [Theory]
    [InlineData("telnet")]
    [InlineData("''")]
    public void A_bad_channel_is_rejected_naming_the_choices(string channel)
    {
        var yaml = DefaultYaml().Replace("channel: exec", "channel: " + channel);
        var ex = Assert.ThrowsAny<FormatException>(() => DeviceProfile.Parse(yaml, "edited.yaml"));
        Assert.Contains("channel", ex.Message);
        Assert.Contains("'exec' or 'shell'", ex.Message);
    }

    [Theory]
    [InlineData("commands: [unclosed")]
    [InlineData("name: x\ncolour: blue\n")]
    [InlineData("commands: just text\n")]
    [InlineData("name: [1, 2]\n")]
    public void Bad_yaml_is_rejected_naming_the_source(string yaml)
    {
        var ex = Assert.ThrowsAny<FormatException>(() => DeviceProfile.Parse(yaml, "broken.yaml"));
        Assert.Contains("'broken.yaml'", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void An_empty_profile_is_rejected(string yaml)
    {
        var ex = Assert.ThrowsAny<FormatException>(() => DeviceProfile.Parse(yaml, "empty.yaml"));
        Assert.Contains("'empty.yaml'", ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Theory]
    [InlineData("commands: ~\n")]
    [InlineData("status: ~\n")]
    [InlineData("uploadDirectory: ~\n")]
    [InlineData("channel: ~\n")]
    [InlineData("commands:\n  status: ~\n")]
    [InlineData("status:\n  hostname: ~\n")]
    [InlineData("prompt: ~\n")]
    public void Null_sections_and_values_are_rejected_clearly_not_with_a_crash(string yaml)
    {
        var ex = Assert.ThrowsAny<FormatException>(() => DeviceProfile.Parse(yaml, "nulls.yaml"));
        Assert.Contains("'nulls.yaml'", ex.Message);
    }

    [Fact]
    public void A_bad_prompt_expression_is_rejected()
    {
        var yaml = DefaultYaml().Replace(@"prompt: '^[\w.-]+> $'", "prompt: '^[unclosed'");
        Assert.NotEqual(DefaultYaml(), yaml);
        var ex = Assert.ThrowsAny<FormatException>(() => DeviceProfile.Parse(yaml, "prompt.yaml"));
        Assert.Contains("prompt", ex.Message);
    }

    [Fact]
    public void A_partial_profile_keeps_defaults_for_what_it_does_not_name()
    {
        var profile = DeviceProfile.Parse("commands:\n  restart: reboot\n", "partial.yaml");
        Assert.Equal("reboot", profile.Commands.Restart);
        Assert.Equal("show status", profile.Commands.Status);
        Assert.Equal("exec", profile.Channel);
        Assert.Equal("hostname", profile.Status.LocationOf(StatusField.Hostname));
    }

    [Fact]
    public void Fill_requires_every_placeholder_and_every_value()
    {
        Assert.Equal("set cluster-id 12", CommandTemplates.Fill("set cluster-id {id}", new Dictionary<string, string> { ["id"] = "12" }));

        var missing = Assert.Throws<InvalidOperationException>(() => CommandTemplates.Fill("set cluster-id {id}", new Dictionary<string, string>()));
        Assert.Contains("{id}", missing.Message);

        var unused = Assert.Throws<InvalidOperationException>(() =>
            CommandTemplates.Fill("restart", new Dictionary<string, string> { ["id"] = "12" }));
        Assert.Contains("{id}", unused.Message);
    }
}
