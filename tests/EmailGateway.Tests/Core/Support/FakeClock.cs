using Xunit;
using EmailGateway.Transport;

namespace EmailGateway.Tests.Core.Support;

/// <summary>A clock that moves only when something waits on it, so polling tests never sleep.</summary>
internal sealed class FakeClock : IGatewayClock
{
    private readonly object _gate = new();
    private DateTimeOffset _now;

    public FakeClock(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2014, 2, 13, 9, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now { get { lock (_gate) return _now; } }

    public int DelayCalls { get; private set; }

    public TimeSpan TotalDelayed { get; private set; }

    public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            DelayCalls++;
            TotalDelayed += duration;
            _now += duration;
        }
        return Task.CompletedTask;
    }
}
