using System;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Lab.World;
using EmailGateway.Transport;

namespace EmailGateway.Lab.Time
{
    /// <summary>
    /// A lab's virtual clock: it moves only when something waits on it. A wait of d that starts at s
    /// moves the lab to max(now, s + d), running every event due on the way in time order; waiters that
    /// start together therefore advance the lab to the longest of their waits, not the sum.
    /// </summary>
    public sealed class LabClock : IGatewayClock
    {
        private readonly LabWorld _world;

        internal LabClock(LabWorld world) => _world = world;

        public DateTimeOffset Now => _world.Now;

        public async Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = _world.Now + (duration > TimeSpan.Zero ? duration : TimeSpan.Zero);
            // Yield so that waits started together all capture the same start before any of them moves time.
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            _world.AdvanceTo(target);
        }
    }
}
