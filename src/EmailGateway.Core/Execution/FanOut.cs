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
    /// outcome to the caller's thread as it completes. The caller (a cmdlet) enumerates
    /// <see cref="Run{TItem,TResult}"/> on the pipeline thread, so objects and errors are written there.
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
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "The throttle limit must be at least 1.");
            if (items.Count == 0) yield break;

            // Not disposed here: if the caller stops enumerating early, workers still finishing
            // (they stop promptly once the token is cancelled) must be able to add to the queue.
            var outcomes = new BlockingCollection<NodeOutcome<TResult>>();
            var gate = new SemaphoreSlim(throttleLimit);
            var workers = items.Select(item => Task.Run(async () =>
            {
                var name = nameOf(item);
                var entered = false;
                try
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    entered = true;
                    var result = await operation(item, cancellationToken).ConfigureAwait(false);
                    outcomes.Add(NodeOutcome<TResult>.Success(name, result));
                }
                catch (Exception ex)
                {
                    outcomes.Add(NodeOutcome<TResult>.Failure(name, ex));
                }
                finally
                {
                    if (entered) gate.Release();
                }
            })).ToArray();
            Task.WhenAll(workers).ContinueWith(_ => outcomes.CompleteAdding(), TaskScheduler.Default);

            foreach (var outcome in outcomes.GetConsumingEnumerable())
                yield return outcome;
        }
    }
}
