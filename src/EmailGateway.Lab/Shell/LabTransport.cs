using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Lab.World;
using EmailGateway.Protocol;
using EmailGateway.Transport;

namespace EmailGateway.Lab.Shell
{
    /// <summary>The in-process transport to one lab node: protocol text through the node's shell, uploads into its store.</summary>
    public sealed class LabTransport : IGatewayTransport
    {
        private const int UploadChunk = 16 * 1024;
        private readonly LabWorld _world;

        internal LabTransport(LabWorld world, string nodeName)
        {
            _world = world;
            ComputerName = nodeName;
        }

        public string ComputerName { get; }
        public string Kind => "Lab";
        public IGatewayClock Clock => _world.Clock;
        public LabWorld Lab => _world;

        public Task<CommandResult> ExecuteAsync(string commandLine, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(_world.Shell.Execute(ComputerName, commandLine));
        }

        /// <summary>
        /// Reads the content synchronously: the lab answers at once, so its callers run on without yielding and
        /// the lab's clock sees them waiting only where they wait on it (see <see cref="Time.LabClock"/>).
        /// </summary>
        public Task UploadAsync(Stream content, string remotePath, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            try
            {
                Upload(content, remotePath, progress, cancellationToken);
                return Task.CompletedTask;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled(cancellationToken);
            }
            catch (Exception ex)
            {
                return Task.FromException(ex);
            }
        }

        private void Upload(Stream content, string remotePath, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            using var copy = new MemoryStream();
            var buffer = new byte[UploadChunk];
            long sent = 0;
            int read;
            while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                copy.Write(buffer, 0, read);
                sent += read;
                progress?.Report(sent);
            }
            var result = _world.Shell.Upload(ComputerName, remotePath, copy.ToArray());
            if (!result.Succeeded)
            {
                var error = ApplianceError.Parse(result.StandardError, result.ExitStatus);
                throw new GatewayCommandException(ComputerName, "upload " + remotePath, error.Code, error.Message);
            }
        }

        public void Dispose()
        {
        }
    }
}
