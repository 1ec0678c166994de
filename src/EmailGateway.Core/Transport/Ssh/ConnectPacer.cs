using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// Limits how many SSH handshakes this process runs at once against one server (host and port).
    /// sshd drops unauthenticated connections beyond its MaxStartups start value (10 by default: measured
    /// in tests/EmailGateway.Integration.Tests/MaxStartupsTests.cs) and counts a connection until a moment
    /// after the client has seen its authentication succeed, so the limit stays below 10 (docs/ssh.md has
    /// the measurements). Appliances each run their own sshd, so handshakes to different appliances do not
    /// wait for each other. Resets that still happen are retried with a back-off.
    /// </summary>
    public static class ConnectPacer
    {
        public const int DefaultConcurrentHandshakes = 8;

        private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
        private static int _limit = DefaultConcurrentHandshakes;

        /// <summary>Handshakes at once per server.</summary>
        public static int ConcurrentHandshakes
        {
            get => _limit;
            set
            {
                if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "At least one handshake must be allowed.");
                _limit = value;
                Gates.Clear();
            }
        }

        public static async Task<IDisposable> EnterAsync(string endpoint, CancellationToken cancellationToken)
        {
            var gate = Gates.GetOrAdd(endpoint, _ => new SemaphoreSlim(_limit));
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
