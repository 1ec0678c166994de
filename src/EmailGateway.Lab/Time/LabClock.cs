using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Lab.World;
using EmailGateway.Transport;

namespace EmailGateway.Lab.Time
{
    /// <summary>
    /// A lab's virtual clock, run as a discrete-event simulation: it moves only when something waits on it.
    /// A wait of d that starts at s is due at s + d. Time moves to the earliest due wait only once everyone
    /// running against the lab has gone back to waiting, and that wait's owner then runs on, on the thread that
    /// moved time, until it waits again or ends; then the next due wait goes (same due time: in the order the
    /// waits began). Waits that start together therefore end at the longest of them, not the sum, and the same
    /// run gives the same virtual times however threads are scheduled. This holds for code that waits only on
    /// this clock and on its own tasks (the lab's commands answer at once). A wait begun from outside the clock's
    /// run (the first wait of a run, or one after a hook or real I/O) starts a run posted to the caller's
    /// synchronization context, else queued to the thread pool: several waits begun there together are sure to
    /// share their start only on a single-threaded context (a pipeline's); on the pool a run may begin before
    /// the caller has begun them all, so such code first makes a zero wait, which hands it to the clock's run.
    /// </summary>
    public sealed class LabClock : IGatewayClock
    {
        private readonly LabWorld _world;
        private readonly object _waitersGate = new object();
        private readonly SortedSet<Waiter> _due = new SortedSet<Waiter>(Waiter.ByDueTime);
        private long _started;
        private bool _running;

        internal LabClock(LabWorld world) => _world = world;

        public DateTimeOffset Now => _world.Now;

        public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = _world.Now + (duration > TimeSpan.Zero ? duration : TimeSpan.Zero);
            bool start;
            Waiter waiter;
            lock (_waitersGate)
            {
                waiter = new Waiter(due, _started++);
                _due.Add(waiter);
                // Under the lock, so the run never disposes a registration half written.
                if (cancellationToken.CanBeCanceled) waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
                start = !_running;
                _running = true;
            }
            // Not run here: the caller may be starting other waits that begin at this same instant.
            if (start) Defer(Run);
            return waiter.Task;
        }

        /// <summary>
        /// Releases due waits in order until none is left. Each release runs its waiter's code inline, so when it
        /// returns that code is waiting again (or done): everyone running against the lab is waiting.
        /// </summary>
        private void Run()
        {
            while (true)
            {
                Waiter next;
                lock (_waitersGate)
                {
                    if (_due.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                    next = _due.Min!;
                    _due.Remove(next);
                }
                next.Registration.Dispose();
                try
                {
                    _world.AdvanceTo(next.Due);
                }
                catch (Exception ex)
                {
                    next.Fail(ex);
                    continue;
                }
                next.Release();
            }
        }

        private void Cancel(Waiter waiter, CancellationToken cancellationToken)
        {
            lock (_waitersGate)
                if (!_due.Remove(waiter)) return;
            waiter.Cancel(cancellationToken);
        }

        private static void Defer(Action action)
        {
            var context = SynchronizationContext.Current;
            if (context != null) context.Post(_ => action(), null);
            else ThreadPool.QueueUserWorkItem(_ => action());
        }

        private sealed class Waiter
        {
            public static readonly IComparer<Waiter> ByDueTime = Comparer<Waiter>.Create((a, b) =>
            {
                var byTime = a.Due.CompareTo(b.Due);
                return byTime != 0 ? byTime : a._order.CompareTo(b._order);
            });

            // Continuations run inline on release (no RunContinuationsAsynchronously): that is what lets the clock
            // know its waiter has gone back to waiting when the release returns.
            private readonly TaskCompletionSource<bool> _completion = new TaskCompletionSource<bool>();
            private readonly long _order;

            public Waiter(DateTimeOffset due, long order)
            {
                Due = due;
                _order = order;
            }

            public DateTimeOffset Due { get; }
            public CancellationTokenRegistration Registration { get; set; }
            public Task Task => _completion.Task;

            public void Release() => _completion.TrySetResult(true);
            public void Fail(Exception error) => _completion.TrySetException(error);
            public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
        }
    }
}
