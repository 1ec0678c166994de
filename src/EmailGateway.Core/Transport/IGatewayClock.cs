using System;
using System.Threading;
using System.Threading.Tasks;

namespace EmailGateway.Transport
{
    /// <summary>Time as the transport sees it. A lab's clock advances when something waits on it.</summary>
    public interface IGatewayClock
    {
        DateTimeOffset Now { get; }

        Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken);
    }
}
