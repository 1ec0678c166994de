using Xunit;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Tests.Core.Profiles;
using EmailGateway.Tests.Core.Support;
using EmailGateway.Transport;

namespace EmailGateway.Tests.Core.Transport;

/// <summary>The client driven by the worked example's profile: text status in, error lines with exit status 0 recognised.</summary>
public class TextProfileClientTests
{
    [Fact]
    public async Task The_client_reads_text_status_through_the_profile()
    {
        var transport = new FakeTransport("meg2").Reply("show system status", CommandResult.Ok(WorkedExample.Reply));
        var node = await new GatewayClient(transport, WorkedExample.Profile).GetStatusAsync(CancellationToken.None);

        Assert.Equal("meg2", node.ComputerName);
        Assert.Equal(SyncState.Corrupt, node.Sync);
        Assert.Equal(NetworkState.Online, node.NetworkState);
    }

    [Fact]
    public async Task An_error_line_with_exit_status_0_fails_the_command_with_the_mapped_code()
    {
        var transport = new FakeTransport("meg2").Reply("system restart", CommandResult.Ok("% Error: System busy - meg2 is updating\n"));
        var client = new GatewayClient(transport, WorkedExample.Profile);

        var error = await Assert.ThrowsAsync<GatewayCommandException>(() => client.RestartAsync(CancellationToken.None));

        Assert.Equal(ErrorCodes.Busy, error.Code);
        Assert.Equal("System busy - meg2 is updating", error.Reason);
        Assert.Equal("system restart", error.Command);
    }

    [Fact]
    public async Task A_status_the_profile_cannot_read_names_every_field_that_stops_it()
    {
        var transport = new FakeTransport("meg2").Reply("show system status", CommandResult.Ok(WorkedExample.Reply.Replace("  Link              : Up\n", "").Replace("Role              : Failover", "Role              : Primary")));
        var client = new GatewayClient(transport, WorkedExample.Profile);

        var error = await Assert.ThrowsAsync<GatewayCommandException>(() => client.GetStatusAsync(CancellationToken.None));

        Assert.Equal("unparsable-status", error.Code);
        Assert.Contains("'Cluster/Role': 'Primary' is not a cluster mode", error.Reason);
        Assert.Contains("The status has no 'Traffic interfaces/Link'", error.Reason);
    }
}
