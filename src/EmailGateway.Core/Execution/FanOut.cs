using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace EmailGateway.Execution
{
    /// <summary>
    /// Runs one operation over many nodes at once, at most <c>throttleLimit</c> at a time, and hands every
    /// outcome to the caller's thread. The caller (a cmdlet) enumerates <see cref="Run{TItem,TResult}"/>
    /// on the pipeline thread, so objects and errors are written there. Outcomes come in input order
    /// (each as soon as those before it are done), so tables and scripts see a stable order.
    /// </summary>
    public static class FanOut
    {
        public const int DefaultThrottleLimit = 32;

        public static IEnumerable<NodeOutcome<TResult>> Run<TItem, TResult>(
            IReadOnlyList<TItem> items,
            Func<TItem, string> nameOf,
            Func<TItem, CancellationToken, Task<TResult>> operation,
            int throttleLimit,
            CancellationToken cancellationToken)
        {
            // Checked here, not in the iterator, so a bad argument fails at the call rather than at first enumeration.
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "The throttle limit must be at least 1.");
            return RunIterator(items, nameOf, operation, throttleLimit, cancellationToken);
        }

        private static IEnumerable<NodeOutcome<TResult>> RunIterator<TItem, TResult>(
            IReadOnlyList<TItem> items,
            Func<TItem, string> nameOf,
            Func<TItem, CancellationToken, Task<TResult>> operation,
            int throttleLimit,
            CancellationToken cancellationToken)
        {
            if (items.Count == 0) yield break;

            // Not disposed here: if the caller stops enumerating early, workers still finishing
            // (they stop promptly once the token is cancelled) must be able to add to the queue.
            var outcomes = new BlockingCollection<(int Index, NodeOutcome<TResult> Outcome)>();
            var gate = new SemaphoreSlim(throttleLimit);
            var workers = items.Select((item, index) => Task.Run(async () =>
            {
                var name = string.Empty;
                var entered = false;
                try
                {
                    // Inside the try: an item whose name cannot be read still yields a failure outcome.
                    name = nameOf(item);
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    entered = true;
                    // A slot freed by a cancelled operation must not start a new one.
                    cancellationToken.ThrowIfCancellationRequested();
                    var result = await operation(item, cancellationToken).ConfigureAwait(false);
                    outcomes.Add((index, NodeOutcome<TResult>.Success(name, result)));
                }
                catch (Exception ex)
                {
                    outcomes.Add((index, NodeOutcome<TResult>.Failure(name, ex)));
                }
                finally
                {
                    if (entered) gate.Release();
                }
            })).ToArray();
            Task.WhenAll(workers).ContinueWith(_ => outcomes.CompleteAdding(), TaskScheduler.Default);

            var waiting = new Dictionary<int, NodeOutcome<TResult>>();
            var next = 0;
            foreach (var (index, outcome) in outcomes.GetConsumingEnumerable())
            {
                waiting[index] = outcome;
                while (waiting.TryGetValue(next, out var ready))
                {
                    waiting.Remove(next++);
                    yield return ready;
                }
            }
        }
    }
}
