using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Transport;
using EmailGateway.Updates;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    /// <summary>Drives a lab the way the module does: GatewayClient over LabTransport, protocol text only.</summary>
    internal sealed class LabHarness : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "eg-lab-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, GatewayClient> _clients = new(StringComparer.OrdinalIgnoreCase);

        public LabHarness(LabWorld world)
        {
            World = world;
            Directory.CreateDirectory(_folder);
            foreach (var name in world.NodeNames) _clients[name] = new GatewayClient(world.CreateTransport(name));
        }

        public static LabHarness Preset(string name) => new LabHarness(LabWorld.FromPreset(name));

        public LabWorld World { get; }
        public CancellationToken Token => CancellationToken.None;

        public GatewayClient Client(string node) => _clients[node];

        public GatewayNode Status(string node) => Client(node).GetStatusAsync(Token).GetAwaiter().GetResult();

        public void Offline(string node) => Client(node).SetNetworkStateAsync(NetworkState.Offline, Token).GetAwaiter().GetResult();
        public void Online(string node) => Client(node).SetNetworkStateAsync(NetworkState.Online, Token).GetAwaiter().GetResult();
        public void Mode(string node, ClusterMode mode, string? vip = null) => Client(node).SetClusterModeAsync(mode, vip, Token).GetAwaiter().GetResult();

        public void SetAddress(string node, string address) => Client(node).SetAddressAsync(address, Token).GetAwaiter().GetResult();
        public void SetClusterId(string node, int id) => Client(node).SetClusterIdAsync(new ClusterId(id), Token).GetAwaiter().GetResult();
        public void SetHelo(string node, string helo) => Client(node).SetHeloAsync(helo, Token).GetAwaiter().GetResult();

        public void Wait(TimeSpan duration) => World.Clock.DelayAsync(duration, Token).GetAwaiter().GetResult();

        public string Package(string build, string product = "MEG")
        {
            var path = Path.Combine(_folder, $"meg-{build.Replace(' ', '-')}-{Guid.NewGuid():N}.pkg");
            UpdatePackage.Create(path, product, GatewayBuild.Parse(build), payloadBytes: 4096);
            return path;
        }

        /// <summary>Uploads, applies and returns at once (the node is updating).</summary>
        public void StartUpdate(string node, string build)
        {
            var package = UpdatePackage.Open(Package(build));
            var remote = Client(node).UploadPackageAsync(package, null, Token).GetAwaiter().GetResult();
            Client(node).ApplyUpdateAsync(remote, package.Sha256, Token).GetAwaiter().GetResult();
        }

        /// <summary>Install-GatewayUpdate's shape: upload, apply, poll until the node runs the build again.</summary>
        public GatewayNode Update(string node, string build)
        {
            StartUpdate(node, build);
            var target = GatewayBuild.Parse(build);
            return Client(node).WaitForAsync(n => n.Build == target, $"return on {build}", TimeSpan.FromHours(1), TimeSpan.FromSeconds(30), Token).GetAwaiter().GetResult();
        }

        public GatewayNode Restart(string node)
        {
            Client(node).RestartAsync(Token).GetAwaiter().GetResult();
            return Client(node).WaitForAsync(_ => true, "return from restart", TimeSpan.FromHours(1), TimeSpan.FromSeconds(30), Token).GetAwaiter().GetResult();
        }

        public LabReport Report => World.GetReport();

        public static void NoViolations(LabReport report) =>
            Assert.True(report.Violations.Count == 0, "violations: " + string.Join("; ", report.Violations) + "\n" + string.Join("\n", report.Timeline));

        public void Dispose()
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}
