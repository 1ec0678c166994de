using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Protocol;
using EmailGateway.Transport;

namespace EmailGateway.Commands.EmbeddedLabs
{
    /// <summary>A transport seen under another session name (a lab twin's nodes carry a prefix).</summary>
    internal sealed class NamedTransport : IGatewayTransport
    {
        private readonly IGatewayTransport _inner;

        public IGatewayTransport Inner => _inner;

        public NamedTransport(IGatewayTransport inner, string computerName)
        {
            _inner = inner;
            ComputerName = computerName;
        }

        public string ComputerName { get; }
        public string Kind => _inner.Kind;
        public IGatewayClock Clock => _inner.Clock;

        public Task<CommandResult> ExecuteAsync(string commandLine, CancellationToken cancellationToken) => _inner.ExecuteAsync(commandLine, cancellationToken);

        public Task UploadAsync(Stream content, string remotePath, IProgress<long>? progress, CancellationToken cancellationToken) =>
            _inner.UploadAsync(content, remotePath, progress, cancellationToken);

        public void Dispose() => _inner.Dispose();
    }
}
