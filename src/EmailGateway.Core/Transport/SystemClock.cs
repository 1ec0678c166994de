using System;
using System.Threading;
using System.Threading.Tasks;

namespace EmailGateway.Transport
{
    /// <summary>Real time, for transports that reach real appliances.</summary>
    public sealed class SystemClock : IGatewayClock
    {
        public static SystemClock Instance { get; } = new SystemClock();

        public DateTimeOffset Now => DateTimeOffset.UtcNow;

        public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken) =>
            duration <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(duration, cancellationToken);
    }
}
