using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Protocol;
using EmailGateway.Tests.Lab;
using EmailGateway.Updates;
using Xunit;

namespace EmailGateway.Tests.Core.Operations;

public sealed class InstallUpdateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromHours(1);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_older_build_is_refused_before_the_upload_unless_allowed()
    {
        using var lab = LabHarness.Preset("Healthy");
        var older = UpdatePackage.Open(lab.Package("7.6.4 P2"));
        var uploads = 0;

        var refused = await Assert.ThrowsAsync<GatewayCommandException>(() =>
            NodeOperations.InstallUpdateAsync(lab.Client("meg3"), older, Timeout, Poll, new SynchronousProgress(() => uploads++), lab.Token));

        Assert.Equal(ErrorCodes.Downgrade, refused.Code);
        Assert.Equal("meg3", refused.Node);
        Assert.Contains("7.6.4 P2, older than the 7.6.4 P3", refused.Message);
        Assert.Equal(0, uploads);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), lab.Status("meg3").Build);

        var outcome = await NodeOperations.InstallUpdateAsync(lab.Client("meg3"), older, Timeout, Poll, null, lab.Token, allowDowngrade: true);
        Assert.False(outcome.AlreadyCurrent);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), outcome.PreviousBuild);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P2"), lab.Status("meg3").Build);
    }

    [Fact]
    public async Task The_same_build_is_left_alone()
    {
        using var lab = LabHarness.Preset("Healthy");
        var same = UpdatePackage.Open(lab.Package("7.6.4 P3"));
        var uploads = 0;

        var outcome = await NodeOperations.InstallUpdateAsync(lab.Client("meg3"), same, Timeout, Poll, new SynchronousProgress(() => uploads++), lab.Token);

        Assert.True(outcome.AlreadyCurrent);
        Assert.Equal(0, uploads);
    }

    private sealed class SynchronousProgress : IProgress<long>
    {
        private readonly Action _onReport;
        public SynchronousProgress(Action onReport) => _onReport = onReport;
        public void Report(long value) => _onReport();
    }
}
