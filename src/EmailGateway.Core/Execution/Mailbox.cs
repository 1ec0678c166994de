using System;
using System.Collections.Concurrent;

namespace EmailGateway.Execution
{
    /// <summary>
    /// Work handed from worker threads to the one thread that may do it: a cmdlet's pipeline thread, the
    /// only one PowerShell lets write objects, progress and messages. Workers <see cref="Post"/> actions;
    /// that thread runs them in the order posted, each as soon as it arrives while it waits for more
    /// (<see cref="RunNext"/>), or whatever is waiting without waiting (<see cref="RunPending"/>).
    /// An action that throws does so on the thread running it.
    /// </summary>
    public sealed class Mailbox
    {
        // Never completed: a worker may still post after the thread that serves it has moved on.
        private readonly BlockingCollection<Action> _actions = new BlockingCollection<Action>();

        /// <summary>Queues <paramref name="action"/> for the serving thread. Any thread.</summary>
        public void Post(Action action) => _actions.Add(action ?? throw new ArgumentNullException(nameof(action)));

        /// <summary>Waits for the next action and runs it on this thread.</summary>
        public void RunNext() => _actions.Take()();

        /// <summary>Runs the actions posted so far on this thread, without waiting for more.</summary>
        public void RunPending()
        {
            while (_actions.TryTake(out var action)) action();
        }
    }
}
