using System;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Transport;
using EmailGateway.Updates;

namespace EmailGateway.Operations
{
    /// <summary>
    /// Operations that span several commands and a wait: restart and come back, install an update and
    /// come back on the new build. Shared by the single-node cmdlets and the upgrade orchestrator.
    /// </summary>
    public static class NodeOperations
    {
        public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(10);
        public static readonly TimeSpan DefaultRestartTimeout = TimeSpan.FromMinutes(15);
        public static readonly TimeSpan DefaultUpdateTimeout = TimeSpan.FromMinutes(60);

        /// <summary>Restarts the node and waits until it answers as running again.</summary>
        public static async Task<GatewayNode> RestartAsync(GatewayClient client, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
        {
            await client.RestartAsync(cancellationToken).ConfigureAwait(false);
            // A node may still answer "running" in the instant after the command; wait one interval first.
            await client.Transport.Clock.DelayAsync(pollInterval, cancellationToken).ConfigureAwait(false);
            return await client.WaitForAsync(_ => true, "come back from its restart", timeout, pollInterval, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Uploads the package (SHA-256 known before upload, checked by the appliance at apply),
        /// applies it and waits until the node runs the package's build. A node that returns on
        /// another build failed its update. A node already on the package's build is left alone; a node
        /// on a newer build is refused unless <paramref name="allowDowngrade"/>.
        /// </summary>
        public static async Task<UpdateOutcome> InstallUpdateAsync(GatewayClient client, UpdatePackage package, TimeSpan timeout, TimeSpan pollInterval,
            IProgress<long>? uploadProgress, CancellationToken cancellationToken, bool allowDowngrade = false)
        {
            var before = await client.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            CheckProduct(client, before, package);
            if (before.Build == package.Build) return new UpdateOutcome(before, before.Build, alreadyCurrent: true);
            if (!allowDowngrade && before.Build != null && package.Build.CompareTo(before.Build) < 0)
                throw new GatewayCommandException(client.ComputerName, "update apply", ErrorCodes.Downgrade,
                    $"the package installs {package.Build}, older than the {before.Build} the node runs; nothing was uploaded (a downgrade needs -AllowDowngrade)");
            await UploadAndApplyAsync(client, package, uploadProgress, cancellationToken).ConfigureAwait(false);
            var after = await AwaitUpdateAsync(client, package.Build, timeout, pollInterval, cancellationToken).ConfigureAwait(false);
            return new UpdateOutcome(after, before.Build, alreadyCurrent: false);
        }

        /// <summary>
        /// The first half of an install: checks the product, uploads and applies, and returns at once while
        /// the node updates. A batch starts every node's update this way before it waits for any.
        /// </summary>
        public static async Task StartUpdateAsync(GatewayClient client, UpdatePackage package, IProgress<long>? uploadProgress, CancellationToken cancellationToken)
        {
            var before = await client.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            CheckProduct(client, before, package);
            await UploadAndApplyAsync(client, package, uploadProgress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The second half: waits until the node runs again and fails when it is not on <paramref name="build"/>.</summary>
        public static async Task<GatewayNode> AwaitUpdateAsync(GatewayClient client, GatewayBuild build, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
        {
            // A node may still answer "running" in the instant after `update apply`; wait one interval first.
            await client.Transport.Clock.DelayAsync(pollInterval, cancellationToken).ConfigureAwait(false);
            var after = await client.WaitForAsync(_ => true, $"come back from its update to {build}", timeout, pollInterval, cancellationToken).ConfigureAwait(false);
            if (after.Build != build)
                throw new GatewayCommandException(client.ComputerName, "update apply", ErrorCodes.UpdateFailed,
                    $"the node came back on {after.Build}, not {build}; the update did not install");
            return after;
        }

        private static void CheckProduct(GatewayClient client, GatewayNode node, UpdatePackage package)
        {
            if (!string.Equals(node.Product, package.Product, StringComparison.OrdinalIgnoreCase))
                throw new GatewayCommandException(client.ComputerName, "update apply", ErrorCodes.InvalidPackage,
                    $"the package is for {package.Product}, the node is {node.Product}");
        }

        private static async Task UploadAndApplyAsync(GatewayClient client, UpdatePackage package, IProgress<long>? uploadProgress, CancellationToken cancellationToken)
        {
            var remotePath = await client.UploadPackageAsync(package, uploadProgress, cancellationToken).ConfigureAwait(false);
            await client.ApplyUpdateAsync(remotePath, package.Sha256, cancellationToken).ConfigureAwait(false);
        }
    }

    public sealed class UpdateOutcome
    {
        public UpdateOutcome(GatewayNode node, GatewayBuild? previousBuild, bool alreadyCurrent)
        {
            Node = node;
            PreviousBuild = previousBuild;
            AlreadyCurrent = alreadyCurrent;
        }

        public GatewayNode Node { get; }
        public GatewayBuild? PreviousBuild { get; }
        public bool AlreadyCurrent { get; }
    }
}
