using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Updates;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    public class LabFaultTests
    {
        [Fact]
        public void Update_fails_returns_the_node_on_its_old_build_after_the_update_time()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            lab.World.InjectFault("meg3", LabFaultKind.UpdateFails);
            lab.StartUpdate("meg3", "7.6.4 P4");
            lab.Wait(TimeSpan.FromMinutes(20));
            var node = lab.Status("meg3");
            Assert.Equal(PowerState.Running, node.Power);
            Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), node.Build);

            lab.World.ClearFaults("meg3");
            Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), lab.Update("meg3", "7.6.4 P4").Build);
        }

        [Fact]
        public async Task Update_never_returns_until_the_fault_is_cleared_then_the_node_is_power_cycled_onto_its_old_build()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg4");
            lab.World.InjectFault("meg4", LabFaultKind.UpdateNeverReturns);
            lab.StartUpdate("meg4", "7.6.4 P4");
            var error = await Assert.ThrowsAsync<GatewayCommandException>(() =>
                lab.Client("meg4").WaitForAsync(n => n.Build == GatewayBuild.Parse("7.6.4 P4"), "return", TimeSpan.FromHours(2), TimeSpan.FromMinutes(1), lab.Token));
            Assert.Equal(ErrorCodes.Timeout, error.Code);
            Assert.Equal(PowerState.Updating, lab.Status("meg4").Power);
            Assert.StartsWith("error: busy: ", lab.World.Shell.Execute("meg4", "restart").StandardError);

            lab.World.ClearFaults("meg4");
            Assert.Equal(PowerState.Rebooting, lab.Status("meg4").Power);
            lab.Wait(TimeSpan.FromMinutes(5));
            var node = lab.Status("meg4");
            Assert.Equal(PowerState.Running, node.Power);
            Assert.Equal(GatewayBuild.Parse("7.6.4 P3"), node.Build);
            Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), lab.Update("meg4", "7.6.4 P4").Build);
        }

        [Fact]
        public void The_next_N_commands_fail_and_change_nothing_then_commands_work_again()
        {
            var world = LabWorld.FromPreset("Healthy");
            world.InjectFault("meg3", LabFaultKind.FailCommands, 2);
            var first = world.Shell.Execute("meg3", "set network offline");
            var second = world.Shell.Execute("meg3", "show status");
            Assert.StartsWith("error: injected-fault: ", first.StandardError);
            Assert.StartsWith("error: injected-fault: ", second.StandardError);
            Assert.Equal(NetworkState.Online, world.GetStatus("meg3").NetworkState);
            Assert.True(world.Shell.Execute("meg3", "set network offline").Succeeded);
            Assert.Equal(NetworkState.Offline, world.GetStatus("meg3").NetworkState);
            Assert.False(world.GetFaults("meg3").Any);
        }

        [Fact]
        public async Task A_corrupted_upload_fails_the_checksum_at_update_apply()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.World.InjectFault("meg3", LabFaultKind.CorruptUpload);
            var package = UpdatePackage.Open(lab.Package("7.6.4 P4"));
            var remote = await lab.Client("meg3").UploadPackageAsync(package, null, lab.Token);
            var error = await Assert.ThrowsAsync<GatewayCommandException>(() => lab.Client("meg3").ApplyUpdateAsync(remote, package.Sha256, lab.Token));
            Assert.Equal(ErrorCodes.ChecksumMismatch, error.Code);
            Assert.Equal(PowerState.Running, lab.Status("meg3").Power);

            lab.World.ClearFaults("meg3");
            remote = await lab.Client("meg3").UploadPackageAsync(package, null, lab.Token);
            await lab.Client("meg3").ApplyUpdateAsync(remote, package.Sha256, lab.Token);
            Assert.Equal(PowerState.Updating, lab.Status("meg3").Power);
        }

        [Fact]
        public async Task Unreachable_management_fails_every_command_and_upload()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.World.InjectFault("meg2", LabFaultKind.Unreachable);
            var status = await Assert.ThrowsAsync<GatewayCommandException>(() => lab.Client("meg2").GetStatusAsync(lab.Token));
            Assert.Equal(ErrorCodes.Unreachable, status.Code);
            Assert.StartsWith("error: unreachable: ", lab.World.Shell.Execute("meg2", "set network offline").StandardError);
            var upload = await Assert.ThrowsAsync<GatewayCommandException>(() =>
                lab.Client("meg2").UploadPackageAsync(UpdatePackage.Open(lab.Package("7.6.4 P4")), null, lab.Token));
            Assert.Equal(ErrorCodes.Unreachable, upload.Code);
            Assert.Equal(NetworkState.Online, lab.World.GetStatus("meg2").NetworkState);

            lab.World.ClearFaults("meg2");
            Assert.Equal("meg2.example.com", (await lab.Client("meg2").GetStatusAsync(lab.Token)).Hostname);
        }

        [Fact]
        public void Injecting_zero_failing_commands_or_on_an_unknown_node_is_refused()
        {
            var world = LabWorld.FromPreset("Healthy");
            Assert.Throws<ArgumentOutOfRangeException>(() => world.InjectFault("meg1", LabFaultKind.FailCommands, 0));
            var error = Assert.Throws<ArgumentException>(() => world.InjectFault("meg9", LabFaultKind.Unreachable));
            Assert.Contains("no node 'meg9'", error.Message);
        }
    }
}
