using Xunit;
using EmailGateway.Execution;

namespace EmailGateway.Tests.Core.Execution;

public class FanOutTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Enumerates on a worker so a hang fails the test (TimeoutException) instead of stalling the run.
    private static Task<List<NodeOutcome<T>>> Drain<T>(IEnumerable<NodeOutcome<T>> outcomes) =>
        Task.Run(() => outcomes.ToList()).WaitAsync(Patience);

    [Fact]
    public async Task Every_item_gets_an_outcome_with_its_name_and_value()
    {
        var items = Enumerable.Range(1, 40).ToList();

        var outcomes = await Drain(FanOut.Run(items, i => $"meg{i}", async (i, ct) => { await Task.Yield(); return i * i; }, 4, CancellationToken.None));

        Assert.Equal(40, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Equal(items.Select(i => ($"meg{i}", i * i)).OrderBy(x => x.Item1),
            outcomes.Select(o => (o.ComputerName, o.Value)).OrderBy(x => x.ComputerName));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task The_throttle_is_never_exceeded_and_is_reached(int throttle)
    {
        var running = 0;
        var peak = 0;
        var items = Enumerable.Range(0, 24).ToList();

        var outcomes = await Drain(FanOut.Run(items, i => i.ToString(), async (i, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(15, ct);
            Interlocked.Decrement(ref running);
            return i;
        }, throttle, CancellationToken.None));

        Assert.Equal(24, outcomes.Count);
        Assert.True(peak <= throttle, $"peak {peak} exceeded throttle {throttle}");
        Assert.True(peak >= Math.Min(throttle, 2), $"peak {peak}: the work did not run in parallel");
        Assert.Equal(0, Volatile.Read(ref running));
    }

    [Fact]
    public async Task Per_item_exceptions_become_failures_without_stopping_the_others()
    {
        var items = Enumerable.Range(1, 10).ToList();

        var outcomes = await Drain(FanOut.Run(items, i => $"meg{i}", (i, ct) =>
        {
            if (i % 3 == 0) throw new InvalidOperationException($"node {i} refused");
            if (i == 5) return Task.FromException<int>(new TimeoutException("slow"));
            return Task.FromResult(i);
        }, 2, CancellationToken.None));

        Assert.Equal(10, outcomes.Count);
        var failed = outcomes.Where(o => !o.Succeeded).OrderBy(o => o.ComputerName).ToList();
        Assert.Equal(new[] { "meg3", "meg5", "meg6", "meg9" }, failed.Select(o => o.ComputerName));
        Assert.IsType<InvalidOperationException>(failed[0].Error);
        Assert.Contains("node 3 refused", failed[0].Error!.Message);
        Assert.IsType<TimeoutException>(failed[1].Error);
        Assert.All(failed, f => Assert.Equal(default, f.Value));
        Assert.All(outcomes.Where(o => o.Succeeded), o => Assert.Null(o.Error));
        Assert.Equal(6, outcomes.Count(o => o.Succeeded));
    }

    [Fact]
    public async Task An_item_whose_name_cannot_be_read_still_gets_a_failure_outcome()
    {
        var items = new[] { "meg1", null, "meg3" };

        var outcomes = await Drain(FanOut.Run(items, s => s!.ToUpperInvariant(), (s, ct) => Task.FromResult(s!.Length), 2, CancellationToken.None));

        Assert.Equal(3, outcomes.Count);
        Assert.Equal(new[] { "MEG1", "MEG3" }, outcomes.Where(o => o.Succeeded).Select(o => o.ComputerName).OrderBy(n => n));
        var failed = Assert.Single(outcomes, o => !o.Succeeded);
        Assert.IsType<NullReferenceException>(failed.Error);
    }

    [Fact]
    public async Task Outcomes_arrive_in_item_order_even_when_later_items_finish_first()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fastDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var items = new[] { "slow", "fast" };

        using var outcomes = FanOut.Run(items, s => s, async (s, ct) =>
        {
            if (s == "slow") await release.Task.WaitAsync(ct);
            else fastDone.SetResult();
            return s;
        }, 2, CancellationToken.None).GetEnumerator();

        var first = Task.Run(() => { outcomes.MoveNext(); return outcomes.Current.ComputerName; });
        await fastDone.Task.WaitAsync(Patience);
        await Task.WhenAny(first, Task.Delay(TimeSpan.FromMilliseconds(100)));
        Assert.False(first.IsCompleted, "the later item must wait for the earlier one");
        release.SetResult();
        Assert.Equal("slow", await first.WaitAsync(Patience));
        Assert.Equal("fast", await Task.Run(() => { outcomes.MoveNext(); return outcomes.Current.ComputerName; }).WaitAsync(Patience));
    }

    [Fact]
    public async Task Messages_from_the_others_are_delivered_while_a_slow_first_item_runs()
    {
        // The slow first item may finish only once the enumerating thread has run both others' messages:
        // were messages held back until its own outcome, it would time out instead.
        var mailbox = new Mailbox();
        var slowMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var items = new[] { "slow", "fast1", "fast2" };

        var (events, threads, consumer) = await Task.Run(() =>
        {
            var events = new List<string>();
            var threads = new HashSet<int>();
            var outcomes = FanOut.Run(items, s => s, async (s, ct) =>
            {
                if (s == "slow") await slowMayFinish.Task.WaitAsync(Patience, ct);
                else mailbox.Post(() =>
                {
                    threads.Add(Environment.CurrentManagedThreadId);
                    events.Add($"message {s}");
                    if (events.Count(e => e.StartsWith("message", StringComparison.Ordinal)) == 2) slowMayFinish.TrySetResult();
                });
                return s.ToUpperInvariant();
            }, 3, CancellationToken.None, mailbox, (outcome, done) =>
            {
                threads.Add(Environment.CurrentManagedThreadId);
                events.Add($"finished {outcome.ComputerName} ({done})");
            });
            foreach (var outcome in outcomes)
                events.Add(outcome.Succeeded ? $"result {outcome.Value}" : $"failed {outcome.ComputerName}: {outcome.Error!.Message}");
            return (events, threads, Environment.CurrentManagedThreadId);
        }).WaitAsync(Patience * 2);

        Assert.Equal(new[] { consumer }, threads);
        Assert.Equal(new[] { "result SLOW", "result FAST1", "result FAST2" }, events.Where(e => e.StartsWith("result", StringComparison.Ordinal) || e.StartsWith("failed", StringComparison.Ordinal)));
        var slowResult = events.IndexOf("result SLOW");
        Assert.All(new[] { "message fast1", "message fast2" }, m => Assert.InRange(events.IndexOf(m), 0, slowResult - 1));
        Assert.Equal("finished slow (3)", events.Single(e => e.StartsWith("finished slow", StringComparison.Ordinal)));
        Assert.All(events.Where(e => e.StartsWith("finished fast", StringComparison.Ordinal)), e => Assert.InRange(events.IndexOf(e), 0, slowResult - 1));
    }

    [Fact]
    public async Task A_message_that_throws_stops_the_enumeration_on_the_enumerating_thread()
    {
        var mailbox = new Mailbox();
        var outcomes = FanOut.Run(new[] { "meg1", "meg2" }, s => s, (s, ct) =>
        {
            mailbox.Post(() => throw new OperationCanceledException("the pipeline is stopping"));
            return Task.FromResult(s);
        }, 2, CancellationToken.None, mailbox);

        var error = await Assert.ThrowsAsync<OperationCanceledException>(() => Drain(outcomes));
        Assert.Equal("the pipeline is stopping", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_promptly_and_every_started_worker_is_observed()
    {
        using var cancellation = new CancellationTokenSource();
        var started = 0;
        var finished = 0;
        var items = Enumerable.Range(0, 50).ToList();

        var outcomes = FanOut.Run(items, i => $"meg{i}", async (i, ct) =>
        {
            Interlocked.Increment(ref started);
            try
            {
                if (Volatile.Read(ref started) >= 4) cancellation.Cancel();
                await Task.Delay(Timeout.Infinite, ct);
                return i;
            }
            finally
            {
                Interlocked.Increment(ref finished);
            }
        }, 4, cancellation.Token);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var all = await Drain(outcomes);
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Equal(50, all.Count);
        Assert.All(all, o => Assert.IsAssignableFrom<OperationCanceledException>(o.Error));
        Assert.InRange(Volatile.Read(ref started), 4, 4);
        Assert.Equal(Volatile.Read(ref started), Volatile.Read(ref finished));
        Assert.Equal(items.Select(i => $"meg{i}").OrderBy(n => n), all.Select(o => o.ComputerName).OrderBy(n => n));
    }

    [Fact]
    public async Task An_already_cancelled_token_runs_no_operation()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var calls = 0;

        var all = await Drain(FanOut.Run(new[] { 1, 2, 3 }, i => i.ToString(), (i, ct) => { Interlocked.Increment(ref calls); return Task.FromResult(i); }, 2, cancellation.Token));

        Assert.Equal(0, calls);
        Assert.Equal(3, all.Count);
        Assert.All(all, o => Assert.IsAssignableFrom<OperationCanceledException>(o.Error));
    }

    [Fact]
    public async Task Stopping_enumeration_early_does_not_break_late_workers()
    {
        using var cancellation = new CancellationTokenSource();
        var items = Enumerable.Range(0, 6).ToList();
        var started = 0;
        var finished = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = Task.Run(() => FanOut.Run(items, i => i.ToString(), async (i, ct) =>
        {
            if (Interlocked.Increment(ref started) == items.Count) allStarted.TrySetResult();
            try
            {
                // Item 0 answers once every worker is inside its operation; the rest wait to be cancelled.
                if (i == 0) await allStarted.Task.WaitAsync(ct);
                else await Task.Delay(Timeout.Infinite, ct);
                return i;
            }
            finally
            {
                if (Interlocked.Increment(ref finished) == items.Count) allDone.TrySetResult();
            }
        }, items.Count, cancellation.Token).First());
        Assert.Equal("0", (await first.WaitAsync(Patience)).ComputerName);

        cancellation.Cancel();

        await allDone.Task.WaitAsync(Patience);
        Assert.Equal(items.Count, Volatile.Read(ref finished));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_throttle_below_one_is_rejected_when_called(int throttle)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            FanOut.Run(new[] { 1 }, i => i.ToString(), (i, ct) => Task.FromResult(i), throttle, CancellationToken.None));
        Assert.Equal("throttleLimit", ex.ParamName);
        Assert.Contains("at least 1", ex.Message);
    }

    [Fact]
    public async Task No_items_give_no_outcomes()
    {
        Assert.Empty(await Drain(FanOut.Run(Array.Empty<int>(), i => i.ToString(), (i, ct) => Task.FromResult(i), 4, CancellationToken.None)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
