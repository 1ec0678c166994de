using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EmailGateway.Execution
{
    /// <summary>
    /// Runs one operation over many nodes at once, at most <c>throttleLimit</c> at a time, and hands every
    /// outcome to the caller's thread. The caller (a cmdlet) enumerates <see cref="Run{TItem,TResult}"/>
    /// on the pipeline thread, so objects and errors are written there. Outcomes come in input order
    /// (each as soon as those before it are done), so tables and scripts see a stable order. What the
    /// workers post to the <see cref="Mailbox"/> meanwhile (progress, messages) and the caller's
    /// <c>finished</c> callback run on that thread as they happen, whatever the input order: a slow first
    /// node holds back only the results after it, never the others' progress.
    /// </summary>
    public static class FanOut
    {
        public const int DefaultThrottleLimit = 32;

        /// <param name="mailbox">Where the operations post work for the enumerating thread; served while it waits for outcomes.</param>
        /// <param name="finished">Called on the enumerating thread as each item finishes, in the order they finish, with how many have.</param>
        public static IEnumerable<NodeOutcome<TResult>> Run<TItem, TResult>(
            IReadOnlyList<TItem> items,
            Func<TItem, string> nameOf,
            Func<TItem, CancellationToken, Task<TResult>> operation,
            int throttleLimit,
            CancellationToken cancellationToken,
            Mailbox? mailbox = null,
            Action<NodeOutcome<TResult>, int>? finished = null)
        {
            // Checked here, not in the iterator, so a bad argument fails at the call rather than at first enumeration.
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "The throttle limit must be at least 1.");
            return RunIterator(items, nameOf, operation, throttleLimit, cancellationToken, mailbox ?? new Mailbox(), finished);
        }

        private static IEnumerable<NodeOutcome<TResult>> RunIterator<TItem, TResult>(
            IReadOnlyList<TItem> items,
            Func<TItem, string> nameOf,
            Func<TItem, CancellationToken, Task<TResult>> operation,
            int throttleLimit,
            CancellationToken cancellationToken,
            Mailbox mailbox,
            Action<NodeOutcome<TResult>, int>? finished)
        {
            if (items.Count == 0) yield break;

            // Touched only on the enumerating thread: each outcome arrives as an action posted to the mailbox.
            var waiting = new Dictionary<int, NodeOutcome<TResult>>();
            var arrived = 0;
            void Arrive(int index, NodeOutcome<TResult> outcome) => mailbox.Post(() =>
            {
                waiting[index] = outcome;
                finished?.Invoke(outcome, ++arrived);
            });

            var gate = new SemaphoreSlim(throttleLimit);
            for (var i = 0; i < items.Count; i++)
            {
                var index = i;
                var item = items[i];
                Task.Run(async () =>
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
                        Arrive(index, NodeOutcome<TResult>.Success(name, result));
                    }
                    catch (Exception ex)
                    {
                        Arrive(index, NodeOutcome<TResult>.Failure(name, ex));
                    }
                    finally
                    {
                        if (entered) gate.Release();
                    }
                });
            }

            var next = 0;
            while (next < items.Count)
            {
                mailbox.RunNext();
                while (waiting.TryGetValue(next, out var ready))
                {
                    waiting.Remove(next++);
                    yield return ready;
                }
            }
        }
    }
}
