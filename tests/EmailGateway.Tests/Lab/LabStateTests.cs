using EmailGateway.Rules;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Updates;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    public class LabStateTests
    {
        /// <summary>A lab in the middle of things: an update running, a fault armed, mail queued, violations open and closed.</summary>
        private static LabHarness Busy()
        {
            var lab = LabHarness.Preset("KB80406");
            lab.Wait(TimeSpan.FromSeconds(40));
            lab.Offline("meg1");                       // meg2 takes over with scmgateway: rejections, BadGreetingActive
            lab.Wait(TimeSpan.FromSeconds(20));
            lab.Online("meg1");
            lab.Offline("meg3");
            lab.StartUpdate("meg3", "7.6.4 P4");       // due in 20 min
            lab.World.InjectFault("meg4", LabFaultKind.FailCommands, 3);
            lab.World.InjectFault("meg2", LabFaultKind.UpdateFails);
            lab.World.SetAnnotation("host.anchor", "2026-01-05T08:00:00Z");
            lab.Wait(TimeSpan.FromSeconds(7));
            return lab;
        }

        [Fact]
        public void Save_and_load_round_trip_the_whole_lab()
        {
            using var lab = Busy();
            var text = lab.World.SaveToString();
            var copy = LabWorld.LoadFromString(text);
            Assert.Equal(text, copy.SaveToString());
            Assert.Equal(lab.World.Now, copy.Now);
            Assert.Equal(lab.World.GetStatuses().Select(StatusDocument.Write), copy.GetStatuses().Select(StatusDocument.Write));
            Assert.Equal(3, copy.GetFaults("meg4").FailingCommands);
            Assert.True(copy.GetFaults("meg2").UpdateFails);
            Assert.Equal("2026-01-05T08:00:00Z", copy.Annotations["host.anchor"]);
            AssertSameReport(lab.World.GetReport(), copy.GetReport());
        }

        [Fact]
        public void A_loaded_lab_carries_on_exactly_like_the_original()
        {
            using var lab = Busy();
            var copy = LabWorld.LoadFromString(lab.World.SaveToString());
            foreach (var world in new[] { lab.World, copy })
            {
                world.Advance(TimeSpan.FromMinutes(25));
                world.Shell.Execute("meg3", "set network online");
                world.Advance(TimeSpan.FromMinutes(2));
            }
            Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), copy.GetStatus("meg3").Build);
            Assert.Equal(lab.World.GetStatuses().Select(StatusDocument.Write), copy.GetStatuses().Select(StatusDocument.Write));
            AssertSameReport(lab.World.GetReport(), copy.GetReport());
            Assert.True(copy.GetReport().RejectedDeliveries > 0);
        }

        [Fact]
        public async Task Uploads_survive_a_save_and_load_and_can_be_applied_after_it()
        {
            using var lab = LabHarness.Preset("Healthy");
            var package = UpdatePackage.Open(lab.Package("7.6.4 P4"));
            var remote = await lab.Client("meg4").UploadPackageAsync(package, null, lab.Token);
            var path = Path.Combine(Path.GetTempPath(), $"eg-state-{Guid.NewGuid():N}.yaml");
            try
            {
                lab.World.Save(path);
                lab.World.Save(path); // overwriting an existing state file works too
                var copy = LabWorld.Load(path);
                Assert.True(copy.Shell.Execute("meg4", $"update apply {remote} --sha256 {package.Sha256}").Succeeded);
                copy.Advance(TimeSpan.FromMinutes(20));
                Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), copy.GetStatus("meg4").Build);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task With_an_upload_root_uploads_are_files_a_file_transfer_server_can_write()
        {
            var root = Path.Combine(Path.GetTempPath(), $"eg-root-{Guid.NewGuid():N}");
            try
            {
                using var lab = LabHarness.Preset("Healthy");
                lab.World.UploadRoot = root;
                var package = UpdatePackage.Open(lab.Package("7.6.4 P4"));
                var remote = await lab.Client("meg3").UploadPackageAsync(package, null, lab.Token);
                var file = lab.World.UploadFilePath("meg3", remote);
                Assert.Equal(Path.Combine(root, "meg3", "var", "tmp", "updates", package.FileName), file);
                Assert.Equal(package.Length, new FileInfo(file).Length);
                Assert.DoesNotContain(Convert.ToBase64String(File.ReadAllBytes(package.Path)), lab.World.SaveToString());

                // A file put there by someone else is what update apply reads.
                Directory.CreateDirectory(Path.GetDirectoryName(lab.World.UploadFilePath("meg4", "/var/tmp/updates/copied.pkg"))!);
                File.Copy(package.Path, lab.World.UploadFilePath("meg4", "/var/tmp/updates/copied.pkg"));
                var copy = LabWorld.LoadFromString(lab.World.SaveToString());
                Assert.Equal(root, copy.UploadRoot);
                Assert.True(copy.Shell.Execute("meg4", $"update apply /var/tmp/updates/copied.pkg --sha256 {package.Sha256}").Succeeded);
            }
            finally
            {
                if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            }
        }

        [Fact]
        public void A_state_that_is_not_a_lab_is_a_clear_error()
        {
            Assert.Contains("is empty", Assert.Throws<FormatException>(() => LabWorld.LoadFromString("", "s.yaml")).Message);
            Assert.Contains("s.yaml", Assert.Throws<FormatException>(() => LabWorld.LoadFromString("nodes: [ {", "s.yaml")).Message);
            var text = LabWorld.FromPreset("Healthy").SaveToString().Replace("build: 7.6.4 P3", "build: seven");
            Assert.Contains("'seven' is not a build", Assert.Throws<FormatException>(() => LabWorld.LoadFromString(text, "s.yaml")).Message);
            Assert.Throws<FileNotFoundException>(() => LabWorld.Load("/nonexistent/state.yaml"));
        }

        [Fact]
        public void A_twin_built_from_node_statuses_reproduces_them()
        {
            var source = LabWorld.FromPreset("KB80406");
            var read = source.GetStatuses();
            var twin = LabWorld.FromNodes(read);
            Assert.Equal("192.0.2.10", twin.Settings.VirtualIp);
            Assert.Equal(read.Select(StatusDocument.Write), twin.GetStatuses().Select(StatusDocument.Write));
            Assert.Single(twin.GetReport().ViolationsOf(KbRules.MixedBuild));

            // The twin follows the rules from there: losing its master rejects mail, as the source would.
            twin.Shell.Execute("meg1", "set network offline");
            twin.Advance(TimeSpan.FromMinutes(1));
            Assert.True(twin.GetReport().RejectedDeliveries > 0);
        }

        [Fact]
        public void A_twin_needs_nodes_with_a_build()
        {
            Assert.Throws<ArgumentException>(() => LabWorld.FromNodes(Array.Empty<GatewayNode>()));
            var error = Assert.Throws<ArgumentException>(() => LabWorld.FromNodes(new[] { new GatewayNode { ComputerName = "x", Mode = ClusterMode.Standalone } }));
            Assert.Contains("'x' has no build", error.Message);
        }

        private static void AssertSameReport(LabReport expected, LabReport actual)
        {
            Assert.Equal(expected.Now, actual.Now);
            Assert.Equal(expected.OutageSeconds, actual.OutageSeconds);
            Assert.Equal(expected.RejectedDeliveries, actual.RejectedDeliveries);
            Assert.Equal(expected.DeliveredMessages, actual.DeliveredMessages);
            Assert.Equal(expected.DeferredMessages, actual.DeferredMessages);
            Assert.Equal(expected.StrandedMessages, actual.StrandedMessages);
            Assert.Equal(expected.Violations.Select(v => v.ToString()), actual.Violations.Select(v => v.ToString()));
            Assert.Equal(expected.Violations.Select(v => (v.From, v.To)), actual.Violations.Select(v => (v.From, v.To)));
            Assert.Equal(expected.Timeline.Select(e => e.ToString()), actual.Timeline.Select(e => e.ToString()));
            Assert.Equal(expected.Timeline.Select(e => e.Time), actual.Timeline.Select(e => e.Time));
        }
    }
}
