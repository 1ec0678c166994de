using EmailGateway.Lab.Description;
using EmailGateway.Lab.World;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    public sealed class LabAdvanceTests
    {
        private const string EveryMillisecond = @"settings: { name: busy, virtualIp: 192.0.2.10, timings: { configPush: 1ms } }
nodes:
  - { name: meg1, build: 7.6.4 P3, mode: master, clusterId: 12, virtualIp: 192.0.2.10, address: 192.0.2.11, helo: mail.example.com, sync: source }
  - { name: meg2, build: 7.6.4 P3, mode: failover, clusterId: 12, virtualIp: 192.0.2.10, address: 192.0.2.12, helo: mail.example.com, sync: in-sync }
";

        [Fact]
        public void An_advance_longer_than_the_maximum_is_refused_and_changes_nothing()
        {
            var world = LabWorld.FromPreset(LabPresets.Healthy);
            var before = world.Now;

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => world.Advance(LabWorld.MaxAdvance + TimeSpan.FromTicks(1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => world.Advance(TimeSpan.MaxValue));

            Assert.Contains("30 days", ex.Message);
            Assert.Equal(before, world.Now);
        }

        [Fact]
        public void The_maximum_advance_runs_through()
        {
            var world = LabWorld.FromPreset(LabPresets.Healthy);
            var before = world.Now;
            world.Advance(LabWorld.MaxAdvance);
            Assert.Equal(before + LabWorld.MaxAdvance, world.Now);
        }

        [Fact]
        public void A_cancelled_advance_stops_at_an_event_with_the_lab_usable()
        {
            // A push every millisecond: 30 days would take billions of events, so only cancellation ends this.
            var world = LabWorld.FromYaml(EveryMillisecond);
            var before = world.Now;
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            Assert.ThrowsAny<OperationCanceledException>(() => world.Advance(LabWorld.MaxAdvance, stop.Token));

            Assert.InRange(world.Now, before, before + LabWorld.MaxAdvance - TimeSpan.FromTicks(1));
            world.Advance(TimeSpan.FromMilliseconds(10));
            Assert.NotEmpty(world.GetStatuses());
        }
    }
}
