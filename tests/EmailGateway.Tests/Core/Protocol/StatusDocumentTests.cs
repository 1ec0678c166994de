using Xunit;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Protocol;

namespace EmailGateway.Tests.Core.Protocol;

public class StatusDocumentTests
{
    /// <summary>The status sample of docs/architecture.md, comments included.</summary>
    internal const string DesignSample = """
        hostname: meg1.example.com
        product: MEG
        build: 7.6.4 P3 HF1,HF2        # version, patch, hotfixes: all three must match across a cluster
        cluster: { mode: master, id: 12, virtual_ip: 192.0.2.10, scanning: true }
        network: { state: online, address: 192.0.2.11 }
        smtp: { helo: mail.example.com }  # the greeting this node uses when it sends; scmgateway when unsynced
        config: { revision: 42, sync: in-sync }   # in-sync | stale | corrupt | source (on the master)
        vrrp: { active: true }            # this node holds the virtual IP now
        mail: { queue: 0 }                # messages waiting; drain before taking a node offline
        power: running                    # running | updating | rebooting (the shell refuses work meanwhile)
        """;

    [Fact]
    public void Parses_the_design_sample_field_by_field()
    {
        var node = StatusDocument.Parse(DesignSample);

        Assert.Equal("meg1.example.com", node.Hostname);
        Assert.Equal("MEG", node.Product);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P3 HF1,HF2"), node.Build);
        Assert.Equal(ClusterMode.Master, node.Mode);
        Assert.Equal(12, node.ClusterId);
        Assert.Equal("192.0.2.10", node.VirtualIp);
        Assert.True(node.Scanning);
        Assert.Equal(NetworkState.Online, node.NetworkState);
        Assert.Equal("192.0.2.11", node.Address);
        Assert.Equal("mail.example.com", node.Helo);
        Assert.Equal(42, node.ConfigRevision);
        Assert.Equal(SyncState.InSync, node.Sync);
        Assert.True(node.VrrpActive);
        Assert.Equal(0, node.MailQueue);
        Assert.Equal(PowerState.Running, node.Power);
    }

    [Fact]
    public void Parses_the_design_sample_with_windows_line_endings()
    {
        var node = StatusDocument.Parse(DesignSample.Replace("\n", "\r\n"));
        Assert.Equal("meg1.example.com", node.Hostname);
        Assert.Equal(PowerState.Running, node.Power);
    }

    public static TheoryData<GatewayNode> Nodes => new()
    {
        new GatewayNode
        {
            Hostname = "meg1.example.com", Product = "MEG", Build = GatewayBuild.Parse("7.6.4 P3 HF1,HF2"),
            Mode = ClusterMode.Master, ClusterId = 12, VirtualIp = "192.0.2.10", Scanning = true,
            NetworkState = NetworkState.Online, Address = "192.0.2.11", Helo = "mail.example.com",
            ConfigRevision = 42, Sync = SyncState.Source, VrrpActive = true, MailQueue = 0, Power = PowerState.Running,
        },
        new GatewayNode
        {
            Hostname = "meg2.example.com", Product = "EWS", Build = GatewayBuild.Parse("7.6.4 P4"),
            Mode = ClusterMode.Failover, ClusterId = 0, VirtualIp = "2001:db8::10", Scanning = false,
            NetworkState = NetworkState.Offline, Address = "2001:db8::12", Helo = "scmgateway",
            ConfigRevision = 7, Sync = SyncState.Corrupt, VrrpActive = false, MailQueue = 1234, Power = PowerState.Updating,
        },
        new GatewayNode
        {
            Hostname = "meg3", Product = "MEG", Build = GatewayBuild.Parse("7.6"),
            Mode = ClusterMode.Standalone, ClusterId = 255, VirtualIp = null, Scanning = false,
            NetworkState = NetworkState.Online, Address = null, Helo = "",
            ConfigRevision = 0, Sync = SyncState.Stale, VrrpActive = false, MailQueue = 5, Power = PowerState.Rebooting,
        },
        new GatewayNode
        {
            Hostname = "meg4.example.com", Product = "MEG", Build = GatewayBuild.Parse("7.6.4 HF3"),
            Mode = ClusterMode.Scanner, ClusterId = 200, VirtualIp = null, Scanning = true,
            NetworkState = NetworkState.Online, Address = "192.0.2.14", Helo = "[192.0.2.14]",
            ConfigRevision = int.MaxValue, Sync = SyncState.InSync, VrrpActive = false, MailQueue = 0, Power = PowerState.Running,
        },
    };

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Write_then_Parse_round_trips_every_field(GatewayNode original)
    {
        var text = StatusDocument.Write(original);
        var parsed = StatusDocument.Parse(text);

        Assert.Equal(original.Hostname, parsed.Hostname);
        Assert.Equal(original.Product, parsed.Product);
        Assert.Equal(original.Build, parsed.Build);
        Assert.Equal(original.Mode, parsed.Mode);
        Assert.Equal(original.ClusterId, parsed.ClusterId);
        Assert.Equal(original.VirtualIp, parsed.VirtualIp);
        Assert.Equal(original.Scanning, parsed.Scanning);
        Assert.Equal(original.NetworkState, parsed.NetworkState);
        Assert.Equal(original.Address, parsed.Address);
        Assert.Equal(original.Helo, parsed.Helo);
        Assert.Equal(original.ConfigRevision, parsed.ConfigRevision);
        Assert.Equal(original.Sync, parsed.Sync);
        Assert.Equal(original.VrrpActive, parsed.VrrpActive);
        Assert.Equal(original.MailQueue, parsed.MailQueue);
        Assert.Equal(original.Power, parsed.Power);
    }

    [Fact]
    public void Write_produces_the_design_layout()
    {
        var node = StatusDocument.Parse(DesignSample);

        var lines = StatusDocument.Write(node).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(new[]
        {
            "hostname: meg1.example.com",
            "product: MEG",
            "build: 7.6.4 P3 HF1,HF2",
            "cluster: { mode: master, id: 12, virtual_ip: 192.0.2.10, scanning: true }",
            "network: { state: online, address: 192.0.2.11 }",
            "smtp: { helo: mail.example.com }",
            "config: { revision: 42, sync: in-sync }",
            "vrrp: { active: true }",
            "mail: { queue: 0 }",
            "power: running",
        }, lines);
    }

    [Theory]
    [InlineData("hostname: meg1.example.com\n", "hostname")]
    [InlineData("build: 7.6.4 P3 HF1,HF2        #", "build")]
    [InlineData("cluster: { mode: master, id: 12, virtual_ip: 192.0.2.10, scanning: true }\n", "cluster.mode")]
    [InlineData("network: { state: online, address: 192.0.2.11 }\n", "network.state")]
    [InlineData("config: { revision: 42, sync: in-sync }", "config.sync")]
    public void A_missing_required_key_is_named(string lineStart, string path)
    {
        var document = RemoveLineStartingWith(DesignSample, lineStart);

        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(document));

        Assert.Contains($"'{path}'", ex.Message);
    }

    [Fact]
    public void A_missing_cluster_id_is_named()
    {
        var document = DesignSample.Replace(" id: 12,", "");
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(document));
        Assert.Contains("'cluster.id'", ex.Message);
    }

    [Fact]
    public void Optional_fields_default_when_absent()
    {
        var document = """
            hostname: meg9.example.com
            build: 7.6.4
            cluster: { mode: scanner, id: 3 }
            network: { state: offline }
            config: { sync: stale }
            """;

        var node = StatusDocument.Parse(document);

        Assert.Equal(string.Empty, node.Product);
        Assert.Null(node.VirtualIp);
        Assert.False(node.Scanning);
        Assert.Null(node.Address);
        Assert.Equal(string.Empty, node.Helo);
        Assert.Equal(0, node.ConfigRevision);
        Assert.False(node.VrrpActive);
        Assert.Equal(0, node.MailQueue);
        Assert.Equal(PowerState.Running, node.Power);
    }

    [Theory]
    [InlineData("hostname: [unclosed\n")]
    [InlineData("cluster: { mode: master, id: 12\n")]
    [InlineData("hostname: a\n  bad: indentation\n :\n")]
    public void Bad_yaml_is_a_FormatException(string yaml)
    {
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(yaml));
        Assert.Contains("status", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just a line of text")]
    [InlineData("- a\n- list\n")]
    public void A_document_that_is_not_a_mapping_is_a_FormatException(string yaml)
    {
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(yaml));
        Assert.Contains("mapping", ex.Message);
    }

    [Fact]
    public void A_bad_build_is_named()
    {
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(DesignSample.Replace("7.6.4 P3 HF1,HF2", "7.6.4 Px")));
        Assert.Contains("'7.6.4 Px'", ex.Message);
        Assert.Contains("build", ex.Message);
    }

    [Theory]
    [InlineData("scanning: true", "scanning: maybe", "cluster.scanning", "'maybe'")]
    [InlineData("active: true", "active: 2", "vrrp.active", "'2'")]
    [InlineData("revision: 42", "revision: forty-two", "config.revision", "'forty-two'")]
    [InlineData("queue: 0", "queue: 1.5", "mail.queue", "'1.5'")]
    public void Bad_booleans_and_numbers_name_the_field_and_value(string good, string bad, string field, string quotedValue)
    {
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(DesignSample.Replace(good, bad)));
        Assert.Contains($"'{field}'", ex.Message);
        Assert.Contains(quotedValue, ex.Message);
    }

    [Theory]
    [InlineData("mode: master", "mode: primary", "'primary'", "cluster mode")]
    [InlineData("id: 12", "id: 256", "'256'", "cluster identifier")]
    [InlineData("id: 12", "id: abc", "'abc'", "cluster identifier")]
    [InlineData("state: online", "state: up", "'up'", "network state")]
    [InlineData("sync: in-sync", "sync: synced", "'synced'", "sync state")]
    [InlineData("power: running", "power: asleep", "'asleep'", "power state")]
    public void Bad_enumerations_and_ids_name_the_value_and_what_was_expected(string good, string bad, string quotedValue, string what)
    {
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(DesignSample.Replace(good, bad)));
        Assert.Contains(quotedValue, ex.Message);
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void A_custom_key_map_parses_a_renamed_document()
    {
        var keys = DeviceProfile.Parse("""
            status:
              hostname: system.name
              product: system.product
              build: system.release
              mode: ha.role
              clusterId: ha.group
              virtualIp: ha.vip
              scanning: ha.scan
              networkState: link.status
              address: link.ip
              helo: mta.greeting
              configRevision: cfg.rev
              sync: cfg.state
              vrrpActive: ha.owner
              mailQueue: mta.queued
              power: system.power
            """, "renamed.yaml").Status;
        var document = """
            system: { name: gw7.example.net, product: EWS, release: 5.6 P2 HF9, power: updating }
            ha: { role: failover, group: 7, vip: 198.51.100.1, scan: no, owner: yes }
            link: { status: offline, ip: 198.51.100.7 }
            mta: { greeting: gw7.example.net, queued: 3 }
            cfg: { rev: 9, state: stale }
            """;

        var node = StatusDocument.Parse(document, keys);

        Assert.Equal("gw7.example.net", node.Hostname);
        Assert.Equal("EWS", node.Product);
        Assert.Equal(GatewayBuild.Parse("5.6 P2 HF9"), node.Build);
        Assert.Equal(ClusterMode.Failover, node.Mode);
        Assert.Equal(7, node.ClusterId);
        Assert.Equal("198.51.100.1", node.VirtualIp);
        Assert.False(node.Scanning);
        Assert.Equal(NetworkState.Offline, node.NetworkState);
        Assert.Equal("198.51.100.7", node.Address);
        Assert.Equal("gw7.example.net", node.Helo);
        Assert.Equal(9, node.ConfigRevision);
        Assert.Equal(SyncState.Stale, node.Sync);
        Assert.True(node.VrrpActive);
        Assert.Equal(3, node.MailQueue);
        Assert.Equal(PowerState.Updating, node.Power);
    }

    [Fact]
    public void The_default_key_map_does_not_read_a_renamed_document()
    {
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse("system: { name: gw7 }\n"));
        Assert.StartsWith("The status has no '", ex.Message);
    }

    [Fact]
    public void A_renamed_required_key_missing_from_the_document_is_named_by_its_renamed_path()
    {
        var keys = DeviceProfile.Parse("status:\n  mode: ha.role\n", "renamed.yaml").Status;
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(DesignSample, keys));
        Assert.Contains("'ha.role'", ex.Message);
    }

    [Fact]
    public void A_mapping_where_a_scalar_is_expected_counts_as_missing()
    {
        var ex = Assert.Throws<FormatException>(() => StatusDocument.Parse(DesignSample.Replace("hostname: meg1.example.com", "hostname: { a: b }")));
        Assert.Contains("'hostname'", ex.Message);
    }

    private static string RemoveLineStartingWith(string document, string start)
    {
        var lines = document.Split('\n').Where(l => !l.StartsWith(start.TrimEnd('\n', '#').TrimEnd(), StringComparison.Ordinal)).ToList();
        Assert.NotEqual(document.Split('\n').Length, lines.Count);
        return string.Join('\n', lines);
    }
}
