using EmailGateway.Model;
using EmailGateway.Lab.World;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    public class LabClockTests
    {
        [Fact]
        public async Task A_wait_moves_lab_time_by_exactly_its_duration()
        {
            var world = LabWorld.FromPreset("Healthy");
            var start = world.Now;
            await world.Clock.DelayAsync(TimeSpan.FromMinutes(7), CancellationToken.None);
            Assert.Equal(start + TimeSpan.FromMinutes(7), world.Now);
            Assert.Equal(TimeSpan.FromMinutes(7), world.Elapsed);
        }

        [Fact]
        public void Time_does_not_move_without_a_wait()
        {
            var world = LabWorld.FromPreset("Healthy");
            var start = world.Now;
            world.Shell.Execute("meg1", "show status");
            world.Shell.Execute("meg2", "set network offline");
            Assert.Equal(start, world.Now);
        }

        [Fact]
        public void Waits_started_together_advance_to_the_longest_not_the_sum()
        {
            var world = LabWorld.FromPreset("Healthy");
            var start = world.Now;
            // One thread starts all three waits before any of them runs on (as a pipeline does).
            SingleThreadContext.Run(() => Task.WhenAll(
                world.Clock.DelayAsync(TimeSpan.FromMinutes(5), CancellationToken.None),
                world.Clock.DelayAsync(TimeSpan.FromMinutes(20), CancellationToken.None),
                world.Clock.DelayAsync(TimeSpan.FromMinutes(5), CancellationToken.None)));
            Assert.Equal(start + TimeSpan.FromMinutes(20), world.Now);
        }

        [Fact]
        public async Task Parallel_update_waits_on_worker_threads_take_the_longest_update_not_the_sum()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg3");
            lab.Offline("meg4");
            var start = lab.World.Now;
            // Both updates are under way before anyone waits (as a batch would start them); the waits then
            // poll from worker threads in any interleaving, and the lab must come out at the longest, not the sum.
            lab.StartUpdate("meg3", "7.6.4 P4");
            lab.StartUpdate("meg4", "7.6.4 P4");
            var target = GatewayBuild.Parse("7.6.4 P4");
            await Task.WhenAll(
                Task.Run(() => lab.Client("meg3").WaitForAsync(n => n.Build == target, "update", TimeSpan.FromHours(1), TimeSpan.FromSeconds(30), CancellationToken.None)),
                Task.Run(() => lab.Client("meg4").WaitForAsync(n => n.Build == target, "update", TimeSpan.FromHours(1), TimeSpan.FromSeconds(30), CancellationToken.None)));
            var took = lab.World.Now - start;
            Assert.True(took >= TimeSpan.FromMinutes(20), $"took {took}");
            Assert.True(took <= TimeSpan.FromMinutes(21), $"took {took}: the waits added up");
            Assert.Equal("7.6.4 P4", lab.Status("meg3").Build!.ToString());
            Assert.Equal("7.6.4 P4", lab.Status("meg4").Build!.ToString());
        }

        [Fact]
        public async Task Waits_one_after_another_add_up()
        {
            var world = LabWorld.FromPreset("Healthy");
            var start = world.Now;
            await world.Clock.DelayAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
            await world.Clock.DelayAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
            Assert.Equal(start + TimeSpan.FromMinutes(10), world.Now);
        }

        [Fact]
        public async Task A_cancelled_wait_throws_and_leaves_time_alone()
        {
            var world = LabWorld.FromPreset("Healthy");
            var start = world.Now;
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Clock.DelayAsync(TimeSpan.FromMinutes(5), cancel.Token));
            Assert.Equal(start, world.Now);
        }

        [Fact]
        public void Cancelling_one_of_several_waits_ends_it_at_once_and_the_others_still_complete()
        {
            var world = LabWorld.FromPreset("Healthy");
            var start = world.Now;
            using var cancel = new CancellationTokenSource();
            // One thread starts the three waits (as a pipeline does); the 10-minute one is cancelled when the
            // 5-minute one ends, so it must not move time, and the 30-minute one must still complete.
            SingleThreadContext.Run(async () =>
            {
                var cancelled = world.Clock.DelayAsync(TimeSpan.FromMinutes(10), cancel.Token);
                var longer = world.Clock.DelayAsync(TimeSpan.FromMinutes(30), CancellationToken.None);
                var shorter = world.Clock.DelayAsync(TimeSpan.FromMinutes(5), CancellationToken.None)
                    .ContinueWith(_ => { Assert.Equal(start + TimeSpan.FromMinutes(5), world.Now); cancel.Cancel(); }, TaskContinuationOptions.ExecuteSynchronously);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
                await shorter;
                await longer;
            });
            Assert.Equal(start + TimeSpan.FromMinutes(30), world.Now);
        }

        [Fact]
        public void AdvanceTo_an_earlier_time_changes_nothing_and_Advance_refuses_negative()
        {
            var world = LabWorld.FromPreset("Healthy");
            world.Advance(TimeSpan.FromMinutes(1));
            var now = world.Now;
            world.AdvanceTo(now - TimeSpan.FromSeconds(30));
            Assert.Equal(now, world.Now);
            Assert.Throws<ArgumentOutOfRangeException>(() => world.Advance(TimeSpan.FromSeconds(-1)));
        }

        [Fact]
        public void Events_on_the_way_run_in_time_order()
        {
            var world = LabWorld.FromPreset("Healthy");
            world.Shell.Execute("meg3", "restart");       // back after 5 min
            world.Advance(TimeSpan.FromMinutes(1));
            world.Shell.Execute("meg4", "restart");       // back after 6 min
            world.Advance(TimeSpan.FromHours(1));
            var texts = world.GetReport().Timeline.Select(e => e.Text).ToList();
            var meg3Back = texts.FindIndex(t => t.StartsWith("meg3: restart finished"));
            var meg4Back = texts.FindIndex(t => t.StartsWith("meg4: restart finished"));
            Assert.True(meg3Back >= 0 && meg4Back > meg3Back);
            var entries = world.GetReport().Timeline;
            Assert.Equal(world.GetReport().StartedAt + TimeSpan.FromMinutes(5), entries[meg3Back].Time);
            Assert.Equal(world.GetReport().StartedAt + TimeSpan.FromMinutes(6), entries[meg4Back].Time);
        }
    }

    /// <summary>Runs async code on the calling thread only, so continuations queue until the caller awaits.</summary>
    internal sealed class SingleThreadContext : SynchronizationContext
    {
        private readonly System.Collections.Concurrent.BlockingCollection<(SendOrPostCallback, object?)> _queue = new();

        public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

        public static void Run(Func<Task> action)
        {
            var previous = Current;
            var context = new SingleThreadContext();
            SetSynchronizationContext(context);
            try
            {
                var task = action();
                task.ContinueWith(_ => context._queue.CompleteAdding(), TaskScheduler.Default);
                foreach (var (callback, state) in context._queue.GetConsumingEnumerable()) callback(state);
                task.GetAwaiter().GetResult();
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
        }
    }
}

namespace EmailGateway.Tests.Lab
{
    public class LabConcurrencyTests
    {
        [Fact]
        public void Commands_and_waits_from_many_threads_leave_a_consistent_lab()
        {
            var world = LabWorld.FromPreset("Healthy");
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                var node = "meg" + (3 + i % 2);
                var command = (i % 4) switch
                {
                    0 => "set network offline",
                    1 => "show status",
                    2 => "set network online",
                    _ => "show status",
                };
                var result = world.Shell.Execute(node, command);
                if (!result.Succeeded) failures.Add(result.StandardError);
                if (i % 10 == 0) world.Advance(TimeSpan.FromSeconds(1));
            });
            Assert.Empty(failures);
            world.Shell.Execute("meg3", "set network online");
            world.Shell.Execute("meg4", "set network online");
            Assert.All(world.GetStatuses(), n => Assert.Equal(Model.NetworkState.Online, n.NetworkState));
            Assert.Empty(world.GetReport().Violations);
            Assert.Equal(0, world.GetReport().OutageSeconds);
        }
    }
}
