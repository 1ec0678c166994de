using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Updates;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    /// <summary>The appliance's management protocol (docs/architecture.md), as text.</summary>
    public class ApplianceShellTests
    {
        private static LabWorld Healthy() => LabWorld.FromPreset("Healthy");

        [Fact]
        public void Show_status_prints_every_field_as_the_status_document()
        {
            var world = Healthy();
            var result = world.Shell.Execute("meg1", "show status");
            Assert.Equal(0, result.ExitStatus);
            Assert.Equal(string.Empty, result.StandardError);
            Assert.Contains("cluster: { mode: master, id: 12, virtual_ip: 192.0.2.10, scanning: true }", result.StandardOutput);
            var node = StatusDocument.Parse(result.StandardOutput);
            Assert.Equal("meg1.example.com", node.Hostname);
            Assert.Equal("MEG", node.Product);
            Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), node.Build);
            Assert.Equal(ClusterMode.Master, node.Mode);
            Assert.Equal(12, node.ClusterId);
            Assert.Equal("192.0.2.10", node.VirtualIp);
            Assert.Equal("192.0.2.11", node.Address);
            Assert.Equal(NetworkState.Online, node.NetworkState);
            Assert.Equal("mail.example.com", node.Helo);
            Assert.Equal(42, node.ConfigRevision);
            Assert.Equal(SyncState.Source, node.Sync);
            Assert.True(node.VrrpActive);
            Assert.Equal(0, node.MailQueue);
            Assert.Equal(PowerState.Running, node.Power);
        }

        [Theory]
        [InlineData("set cluster-id 7", "cluster.id", "7")]
        [InlineData("set cluster-mode standalone", "cluster.mode", "standalone")]
        [InlineData("set cluster-mode failover --virtual-ip 192.0.2.20", "cluster.virtual_ip", "192.0.2.20")]
        [InlineData("set network offline", "network.state", "offline")]
        [InlineData("set address 192.0.2.99", "network.address", "192.0.2.99")]
        [InlineData("set smtp-helo relay.example.org", "smtp.helo", "relay.example.org")]
        public void Set_commands_succeed_silently_and_show_in_the_status(string command, string field, string expected)
        {
            var world = Healthy();
            var result = world.Shell.Execute("meg3", command);
            Assert.True(result.Succeeded, result.StandardError);
            Assert.Equal(string.Empty, result.StandardOutput);
            var node = StatusDocument.Parse(world.Shell.Execute("meg3", "show status").StandardOutput);
            var actual = field switch
            {
                "cluster.id" => node.ClusterId.ToString(),
                "cluster.mode" => ModeNames.ToWire(node.Mode),
                "cluster.virtual_ip" => node.VirtualIp,
                "network.state" => ModeNames.ToWire(node.NetworkState),
                "network.address" => node.Address,
                "smtp.helo" => node.Helo,
                _ => throw new ArgumentOutOfRangeException(nameof(field)),
            };
            Assert.Equal(expected, actual);
        }

        [Theory]
        [InlineData("set cluster-id 256", "invalid-argument")]
        [InlineData("set cluster-id -1", "invalid-argument")]
        [InlineData("set cluster-id abc", "invalid-argument")]
        [InlineData("set cluster-id", "invalid-argument")]
        [InlineData("set cluster-id 3 4", "invalid-argument")]
        [InlineData("set cluster-mode boss", "invalid-argument")]
        [InlineData("set cluster-mode master --vip 192.0.2.10", "invalid-argument")]
        [InlineData("set cluster-mode master --virtual-ip 192.0.2", "invalid-argument")]
        [InlineData("set network up", "invalid-argument")]
        [InlineData("set address 192.0.2.300", "invalid-argument")]
        [InlineData("set address meg.example.com", "invalid-argument")]
        [InlineData("set smtp-helo scmgateway", "invalid-argument")]
        [InlineData("set smtp-helo bad_name.example.com", "invalid-argument")]
        [InlineData("set colour blue", "unknown-command")]
        [InlineData("reboot now", "unknown-command")]
        [InlineData("", "unknown-command")]
        [InlineData("show status please", "invalid-argument")]
        [InlineData("restart now", "invalid-argument")]
        [InlineData("update apply /tmp/x.pkg --sha256 0000000000000000000000000000000000000000000000000000000000000000", "invalid-argument")]
        [InlineData("update apply /var/tmp/updates/../x.pkg --sha256 0000000000000000000000000000000000000000000000000000000000000000", "invalid-argument")]
        [InlineData("update apply /var/tmp/updates/x.pkg --sha256 xyz", "invalid-argument")]
        [InlineData("update apply /var/tmp/updates/x.pkg", "invalid-argument")]
        [InlineData("update apply /var/tmp/updates/x.pkg --sha256 0000000000000000000000000000000000000000000000000000000000000000", "not-found")]
        public void Bad_commands_fail_with_one_error_line_and_change_nothing(string command, string code)
        {
            var world = Healthy();
            var before = world.Shell.Execute("meg3", "show status").StandardOutput;
            var result = world.Shell.Execute("meg3", command);
            Assert.NotEqual(0, result.ExitStatus);
            Assert.Equal(string.Empty, result.StandardOutput);
            Assert.StartsWith($"error: {code}: ", result.StandardError);
            Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
            Assert.Equal(before, world.Shell.Execute("meg3", "show status").StandardOutput);
        }

        [Fact]
        public void A_master_or_failover_needs_a_virtual_ip()
        {
            var world = Healthy();
            world.Shell.Execute("meg3", "set network offline");
            var result = world.Shell.Execute("meg3", "set cluster-mode master");
            Assert.StartsWith("error: invalid-argument: a master needs a virtual IP", result.StandardError);
        }

        [Fact]
        public async Task Update_apply_checks_the_package_returns_at_once_and_reboots_into_its_build()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            var package = UpdatePackage.Open(lab.Package("7.6.4 P4"));
            var progress = new List<long>();
            var remote = await lab.Client("meg3").UploadPackageAsync(package, new SyncProgress(progress), lab.Token);
            Assert.Equal("/var/tmp/updates/" + package.FileName, remote);
            Assert.Equal(package.Length, progress.Last());

            var wrong = lab.World.Shell.Execute("meg3", $"update apply {remote} --sha256 {new string('a', 64)}");
            Assert.StartsWith($"error: checksum-mismatch: {remote} has SHA-256 {package.Sha256}", wrong.StandardError);

            var start = lab.World.Now;
            var result = lab.World.Shell.Execute("meg3", $"update apply {remote} --sha256 {package.Sha256.ToUpperInvariant()}");
            Assert.True(result.Succeeded, result.StandardError);
            Assert.Equal(start, lab.World.Now);
            Assert.Equal(PowerState.Updating, lab.Status("meg3").Power);
            lab.Wait(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(1));
            Assert.Equal(PowerState.Updating, lab.Status("meg3").Power);
            lab.Wait(TimeSpan.FromSeconds(1));
            var node = lab.Status("meg3");
            Assert.Equal(PowerState.Running, node.Power);
            Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), node.Build);
        }

        [Fact]
        public async Task Update_apply_refuses_a_package_for_another_product_or_a_file_that_is_not_a_package()
        {
            using var lab = LabHarness.Preset("Healthy");
            var other = UpdatePackage.Open(lab.Package("7.6.4 P4", product: "EWS"));
            var remote = await lab.Client("meg3").UploadPackageAsync(other, null, lab.Token);
            Assert.StartsWith("error: invalid-package: ", lab.World.Shell.Execute("meg3", $"update apply {remote} --sha256 {other.Sha256}").StandardError);

            var junk = new byte[] { 1, 2, 3, 4 };
            var junkPath = "/var/tmp/updates/junk.pkg";
            Assert.True(lab.World.Shell.Upload("meg3", junkPath, junk).Succeeded);
            var sha = UpdatePackage.ComputeSha256(new MemoryStream(junk));
            Assert.StartsWith("error: invalid-package: ", lab.World.Shell.Execute("meg3", $"update apply {junkPath} --sha256 {sha}").StandardError);
            Assert.Equal(PowerState.Running, lab.Status("meg3").Power);
            Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), lab.Status("meg3").Build);
        }

        [Fact]
        public void Update_apply_checks_the_content_checksum_even_when_the_whole_file_digest_matches()
        {
            using var lab = LabHarness.Preset("Healthy");
            var bytes = File.ReadAllBytes(lab.Package("7.6.4 P4"));
            bytes[^1] ^= 0xFF;
            var path = "/var/tmp/updates/flipped.pkg";
            Assert.True(lab.World.Shell.Upload("meg3", path, bytes).Succeeded);
            var sha = UpdatePackage.ComputeSha256(new MemoryStream(bytes));

            var error = lab.World.Shell.Execute("meg3", $"update apply {path} --sha256 {sha}").StandardError;

            Assert.StartsWith("error: invalid-package: ", error);
            Assert.Contains("damaged", error);
            Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), lab.Status("meg3").Build);
        }

        [Fact]
        public async Task Uploads_outside_the_update_directory_are_refused()
        {
            var world = Healthy();
            using var transport = world.CreateTransport("meg3");
            var error = await Assert.ThrowsAsync<GatewayCommandException>(() =>
                transport.UploadAsync(new MemoryStream(new byte[] { 1 }), "/etc/passwd", null, CancellationToken.None));
            Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
        }

        [Fact]
        public void Restart_returns_at_once_and_the_node_is_back_after_the_restart_time()
        {
            var world = Healthy();
            Assert.True(world.Shell.Execute("meg4", "restart").Succeeded);
            Assert.Contains("power: rebooting", world.Shell.Execute("meg4", "show status").StandardOutput);
            world.Advance(TimeSpan.FromMinutes(5));
            Assert.Contains("power: running", world.Shell.Execute("meg4", "show status").StandardOutput);
        }

        [Fact]
        public void The_lab_transport_is_of_kind_Lab_on_the_lab_clock()
        {
            var world = Healthy();
            using var transport = world.CreateTransport("MEG2");
            Assert.Equal("Lab", transport.Kind);
            Assert.Equal("meg2", transport.ComputerName);
            Assert.Same(world.Clock, transport.Clock);
            Assert.Throws<ArgumentException>(() => world.CreateTransport("meg9"));
        }

        private sealed class SyncProgress : IProgress<long>
        {
            private readonly List<long> _values;
            public SyncProgress(List<long> values) => _values = values;
            public void Report(long value) => _values.Add(value);
        }
    }
}
