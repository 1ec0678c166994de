using Xunit;
using EmailGateway.Model;

namespace EmailGateway.Tests.Core.Model;

public class ModeNamesTests
{
    public static TheoryData<ClusterMode> ClusterModes => new(Enum.GetValues<ClusterMode>());
    public static TheoryData<NetworkState> NetworkStates => new(Enum.GetValues<NetworkState>());
    public static TheoryData<PowerState> PowerStates => new(Enum.GetValues<PowerState>());
    public static TheoryData<SyncState> SyncStates => new(Enum.GetValues<SyncState>());

    [Theory]
    [MemberData(nameof(ClusterModes))]
    public void Every_cluster_mode_round_trips(ClusterMode mode)
    {
        var wire = ModeNames.ToWire(mode);
        Assert.Equal(wire.ToLowerInvariant(), wire);
        Assert.Equal(mode, ModeNames.ParseMode(wire));
        Assert.Equal(mode, ModeNames.ParseMode(" " + wire.ToUpperInvariant() + " "));
    }

    [Theory]
    [MemberData(nameof(NetworkStates))]
    public void Every_network_state_round_trips(NetworkState state)
    {
        Assert.Equal(state, ModeNames.ParseNetwork(ModeNames.ToWire(state)));
    }

    [Theory]
    [MemberData(nameof(PowerStates))]
    public void Every_power_state_round_trips(PowerState state)
    {
        Assert.Equal(state, ModeNames.ParsePower(ModeNames.ToWire(state)));
    }

    [Theory]
    [MemberData(nameof(SyncStates))]
    public void Every_sync_state_round_trips(SyncState state)
    {
        Assert.Equal(state, ModeNames.ParseSync(ModeNames.ToWire(state)));
    }

    [Theory]
    [InlineData(ClusterMode.Standalone, "standalone")]
    [InlineData(ClusterMode.Master, "master")]
    [InlineData(ClusterMode.Failover, "failover")]
    [InlineData(ClusterMode.Scanner, "scanner")]
    public void Cluster_modes_use_the_protocol_words(ClusterMode mode, string word)
    {
        Assert.Equal(word, ModeNames.ToWire(mode));
    }

    [Theory]
    [InlineData(SyncState.InSync, "in-sync")]
    [InlineData(SyncState.Stale, "stale")]
    [InlineData(SyncState.Corrupt, "corrupt")]
    [InlineData(SyncState.Source, "source")]
    public void Sync_states_use_the_protocol_words(SyncState state, string word)
    {
        Assert.Equal(word, ModeNames.ToWire(state));
    }

    [Theory]
    [InlineData("primary")]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("master,failover")]
    [InlineData("master failover")]
    public void Unknown_cluster_mode_words_are_rejected_listing_the_choices(string word)
    {
        var ex = Assert.Throws<FormatException>(() => ModeNames.ParseMode(word));
        Assert.Contains($"'{word}'", ex.Message);
        Assert.Contains("cluster mode", ex.Message);
        Assert.Contains("standalone, master, failover, scanner", ex.Message);
    }

    [Theory]
    [InlineData("up")]
    [InlineData("0")]
    public void Unknown_network_words_are_rejected(string word)
    {
        var ex = Assert.Throws<FormatException>(() => ModeNames.ParseNetwork(word));
        Assert.Contains("online, offline", ex.Message);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("2")]
    public void Unknown_power_words_are_rejected(string word)
    {
        var ex = Assert.Throws<FormatException>(() => ModeNames.ParsePower(word));
        Assert.Contains("running, updating, rebooting", ex.Message);
    }

    [Theory]
    [InlineData("synced")]
    [InlineData("")]
    [InlineData("in sync")]
    public void Unknown_sync_words_are_rejected(string word)
    {
        var ex = Assert.Throws<FormatException>(() => ModeNames.ParseSync(word));
        Assert.Contains($"'{word}'", ex.Message);
        Assert.Contains("in-sync, stale, corrupt, source", ex.Message);
    }

    [Fact]
    public void Out_of_range_enum_values_cannot_be_written_as_sync_words()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModeNames.ToWire((SyncState)99));
    }
}
