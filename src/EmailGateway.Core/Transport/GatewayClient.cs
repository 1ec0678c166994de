using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Profiles;
using EmailGateway.Protocol;
using EmailGateway.Updates;

namespace EmailGateway.Transport
{
    /// <summary>
    /// The appliance's operations, spoken over any transport through a device profile.
    /// Every command is validated before it is sent and logged (without secrets) with its outcome.
    /// </summary>
    public sealed class GatewayClient
    {
        private readonly IOperationLog _log;

        // The last status reply and the node the profile read from it. A node polled while it updates or restarts
        // gives the same reply many times over; it is read once, and each poll gets a copy of its own.
        private LastStatus? _lastStatus;

        public GatewayClient(IGatewayTransport transport, DeviceProfile? profile = null, IOperationLog? log = null, string? segment = null)
        {
            Transport = transport ?? throw new ArgumentNullException(nameof(transport));
            Profile = profile ?? DeviceProfile.Default;
            _log = log ?? NullOperationLog.Instance;
            Segment = ClusterKey.Normalize(segment);
        }

        public IGatewayTransport Transport { get; }
        public DeviceProfile Profile { get; }
        public string ComputerName => Transport.ComputerName;

        /// <summary>The network segment the appliance sits in (the appliance does not report it; its session says it).</summary>
        public string Segment { get; }

        public async Task<GatewayNode> GetStatusAsync(CancellationToken cancellationToken)
        {
            var output = await RunAsync(Profile.Commands.Status, cancellationToken).ConfigureAwait(false);
            GatewayNode node;
            try
            {
                node = ReadNode(output);
            }
            catch (FormatException ex)
            {
                throw new GatewayCommandException(ComputerName, Profile.Commands.Status, "unparsable-status", ex.Message, ex);
            }
            node.ComputerName = ComputerName;
            node.Segment = Segment;
            node.RetrievedAt = Transport.Clock.Now;
            return node;
        }

        private GatewayNode ReadNode(string output)
        {
            if (_lastStatus is { } last && string.Equals(last.Output, output, StringComparison.Ordinal)) return last.Node.Clone();
            var node = Profile.Status.Read(output).ToNode();
            _lastStatus = new LastStatus(output, node.Clone());
            return node;
        }

        private sealed class LastStatus
        {
            public LastStatus(string output, GatewayNode node) => (Output, Node) = (output, node);

            public string Output { get; }
            public GatewayNode Node { get; }
        }

        public Task SetClusterIdAsync(ClusterId clusterId, CancellationToken cancellationToken) =>
            RunAsync(Fill(Profile.Commands.SetClusterId, ("id", WireValue.ClusterIdValue(clusterId))), cancellationToken);

        public Task SetClusterModeAsync(ClusterMode mode, string? virtualIp, CancellationToken cancellationToken) =>
            RunAsync(virtualIp is null
                ? Fill(Profile.Commands.SetClusterMode, ("mode", ModeNames.ToWire(mode)))
                : Fill(Profile.Commands.SetClusterModeWithVirtualIp, ("mode", ModeNames.ToWire(mode)), ("virtualIp", WireValue.IpAddress(virtualIp, "virtual address"))),
                cancellationToken);

        public Task SetNetworkStateAsync(NetworkState state, CancellationToken cancellationToken) =>
            RunAsync(Fill(Profile.Commands.SetNetwork, ("state", ModeNames.ToWire(state))), cancellationToken);

        public Task SetAddressAsync(string address, CancellationToken cancellationToken) =>
            RunAsync(Fill(Profile.Commands.SetAddress, ("address", WireValue.IpAddress(address))), cancellationToken);

        public Task SetHeloAsync(string helo, CancellationToken cancellationToken) =>
            RunAsync(Fill(Profile.Commands.SetHelo, ("helo", WireValue.HostName(helo))), cancellationToken);

        public Task RestartAsync(CancellationToken cancellationToken) => RunAsync(Profile.Commands.Restart, cancellationToken);

        public Task ApplyUpdateAsync(string remotePath, string sha256, CancellationToken cancellationToken) =>
            RunAsync(Fill(Profile.Commands.ApplyUpdate, ("path", WireValue.RemotePath(remotePath)), ("sha256", WireValue.Sha256Hex(sha256))), cancellationToken);

        /// <summary>Uploads a package into the profile's upload directory and returns the remote path.</summary>
        public async Task<string> UploadPackageAsync(UpdatePackage package, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            var remotePath = WireValue.RemotePath(Profile.UploadDirectory + package.FileName);
            _log.Verbose($"{ComputerName}: uploading {package.FileName} ({package.Length} bytes) to {remotePath}");
            using (var content = File.OpenRead(package.Path))
                await Transport.UploadAsync(content, remotePath, progress, cancellationToken).ConfigureAwait(false);
            _log.Verbose($"{ComputerName}: upload of {package.FileName} complete");
            return remotePath;
        }

        /// <summary>
        /// Polls the node until <paramref name="condition"/> holds, tolerating the errors a rebooting
        /// node gives, until <paramref name="timeout"/> passes on the transport's clock.
        /// </summary>
        public async Task<GatewayNode> WaitForAsync(Func<GatewayNode, bool> condition, string what, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
        {
            var clock = Transport.Clock;
            var deadline = clock.Now + timeout;
            string lastProblem = "no answer yet";
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var node = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
                    if (node.Power == PowerState.Running && condition(node)) return node;
                    lastProblem = $"power {ModeNames.ToWire(node.Power)}, build {node.Build}";
                }
                catch (GatewayCommandException ex)
                {
                    lastProblem = $"{ex.Code}: {ex.Reason}";
                }
                if (clock.Now >= deadline)
                    throw new GatewayCommandException(ComputerName, "wait", ErrorCodes.Timeout,
                        $"the node did not {what} within {timeout} (last seen: {lastProblem})");
                await clock.DelayAsync(pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private static string Fill(string template, params (string Name, string Value)[] values)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in values) map[name] = value;
            return CommandTemplates.Fill(template, map);
        }

        private async Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _log.Verbose($"{ComputerName}: {commandLine}");
            var result = await Transport.ExecuteAsync(commandLine, cancellationToken).ConfigureAwait(false);
            _log.Debug($"{ComputerName}: exit {result.ExitStatus}; stdout: {result.StandardOutput.TrimEnd()}; stderr: {result.StandardError.TrimEnd()}");
            var error = Profile.Errors.Recognise(result);
            if (error is null)
            {
                _log.Verbose($"{ComputerName}: '{commandLine}' succeeded");
                return result.StandardOutput;
            }
            _log.Verbose($"{ComputerName}: '{commandLine}' failed: {error}");
            throw new GatewayCommandException(ComputerName, commandLine, error.Code, error.Message);
        }
    }
}
