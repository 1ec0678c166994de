using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Protocol;

namespace EmailGateway.Transport
{
    /// <summary>
    /// The one way the module talks to an appliance: protocol text in, text out, plus file upload.
    /// The in-process lab and SSH both implement it; nothing above it knows which one it has.
    /// </summary>
    public interface IGatewayTransport : IDisposable
    {
        /// <summary>The session name of the node this transport reaches.</summary>
        string ComputerName { get; }

        /// <summary>A short word for views: Lab, Ssh.</summary>
        string Kind { get; }

        /// <summary>The clock waits are measured on: virtual on a lab, real otherwise.</summary>
        IGatewayClock Clock { get; }

        Task<CommandResult> ExecuteAsync(string commandLine, CancellationToken cancellationToken);

        /// <summary>Copies <paramref name="content"/> to <paramref name="remotePath"/>, reporting bytes sent.</summary>
        Task UploadAsync(Stream content, string remotePath, IProgress<long>? progress, CancellationToken cancellationToken);
    }
}
