using System;
using System.Threading;
using System.Threading.Tasks;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// Limits how many SSH handshakes this process runs at once. sshd drops unauthenticated connections
    /// beyond its MaxStartups (10 by default), so a fan-out over many appliances behind one server would
    /// otherwise see resets; the limit keeps set-up under that and the retries handle the rest.
    /// </summary>
    public static class ConnectPacer
    {
        private static SemaphoreSlim _gate = new SemaphoreSlim(DefaultConcurrentHandshakes);
        private static int _limit = DefaultConcurrentHandshakes;

        public const int DefaultConcurrentHandshakes = 10;

        public static int ConcurrentHandshakes
        {
            get => _limit;
            set
            {
                if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "At least one handshake must be allowed.");
                Interlocked.Exchange(ref _gate, new SemaphoreSlim(value));
                _limit = value;
            }
        }

        public static async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
        {
            var gate = _gate;
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Release(gate);
        }

        /// <summary>Back-off before attempt <paramref name="attempt"/> (1-based): grows and is jittered so retries spread out.</summary>
        public static TimeSpan Backoff(int attempt)
        {
            var baseMs = Math.Min(2000, 100 * (1 << Math.Min(attempt, 5)));
            var jitter = ThreadLocalRandom.Next(baseMs / 2 + 1);
            return TimeSpan.FromMilliseconds(baseMs / 2 + jitter);
        }

        private sealed class Release : IDisposable
        {
            private SemaphoreSlim? _gate;
            public Release(SemaphoreSlim gate) => _gate = gate;
            public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
        }

        private static class ThreadLocalRandom
        {
            [ThreadStatic] private static Random? _random;
            public static int Next(int max) => (_random ??= new Random(Guid.NewGuid().GetHashCode())).Next(max);
        }
    }
}
