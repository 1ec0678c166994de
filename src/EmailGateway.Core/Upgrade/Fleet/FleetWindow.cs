using System;
using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>
    /// The window of a rollout on the clusters' own clocks. Clusters keep their own time (a lab's sites each
    /// have a virtual clock), so the window is composed from each run's duration in the order the runs started:
    /// canaries one after another, then every other run on the slot that frees first.
    /// </summary>
    public static class FleetWindow
    {
        public static double Seconds(IEnumerable<double> durationsInStartOrder, int throttle, int canaries)
        {
            if (throttle < 1) throw new ArgumentOutOfRangeException(nameof(throttle), throttle, "At least one cluster runs at a time.");
            var durations = (durationsInStartOrder ?? throw new ArgumentNullException(nameof(durationsInStartOrder))).ToList();
            var first = Math.Max(0, Math.Min(canaries, durations.Count));
            var afterCanaries = durations.Take(first).Sum();
            var slots = Enumerable.Repeat(afterCanaries, throttle).ToArray();
            foreach (var duration in durations.Skip(first))
            {
                var earliest = Array.IndexOf(slots, slots.Min());
                slots[earliest] += duration;
            }
            return Math.Round(slots.Max(), 3);
        }
    }
}
