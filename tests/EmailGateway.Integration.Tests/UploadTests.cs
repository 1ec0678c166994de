using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Transport;
using EmailGateway.Transport.Ssh;
using EmailGateway.Updates;

namespace EmailGateway.Integration.Tests;

[Collection(ApplianceCollection.Name)]
public sealed class UploadTests
{
    private readonly ApplianceFixture _fixture;

    public UploadTests(ApplianceFixture fixture) => _fixture = fixture;

    [SshdFact]
    public async Task A_package_uploads_over_SFTP_with_progress_and_update_apply_checks_its_SHA256()
    {
        var package = UpdatePackage.Create(_fixture.TempFile("meg-7.6.4-P4.pkg"), "MEG", GatewayBuild.Parse("7.6.4 P4"), payloadBytes: 300_000);
        using var transport = new SshTransport(_fixture.Settings(2));
        var client = new GatewayClient(transport);
        var reported = new List<long>();
        var remotePath = await client.UploadPackageAsync(package, new SynchronousProgress(reported.Add), CancellationToken.None);

        Assert.Equal("/var/tmp/updates/" + package.FileName, remotePath);
        Assert.Equal(package.Length, reported.Max());
        Assert.True(reported.Count > 1, "progress is reported while the upload runs");
        var stored = Path.Combine(_fixture.Lab.Directory, "uploads", "meg3", "var", "tmp", "updates", package.FileName);
        using (var file = File.OpenRead(stored)) Assert.Equal(package.Sha256, UpdatePackage.ComputeSha256(file));

        var wrong = new string('0', 64);
        var refused = await Assert.ThrowsAsync<GatewayCommandException>(() => client.ApplyUpdateAsync(remotePath, wrong, CancellationToken.None));
        Assert.Equal(ErrorCodes.ChecksumMismatch, refused.Code);

        await client.ApplyUpdateAsync(remotePath, package.Sha256, CancellationToken.None);
        Assert.Equal(PowerState.Updating, (await client.GetStatusAsync(CancellationToken.None)).Power);
    }

    [SshdFact]
    public async Task Uploads_outside_the_update_folder_are_refused()
    {
        using var transport = new SshTransport(_fixture.Settings(2));
        using var content = new MemoryStream(new byte[] { 1, 2, 3 });
        var error = await Assert.ThrowsAsync<GatewayCommandException>(() => transport.UploadAsync(content, "/etc/passwd-copy", null, CancellationToken.None));
        Assert.Contains("/var/tmp/updates/", error.Message);
    }

    private sealed class SynchronousProgress : IProgress<long>
    {
        private readonly Action<long> _report;
        public SynchronousProgress(Action<long> report) => _report = report;
        public void Report(long value) { lock (this) _report(value); }
    }
}
