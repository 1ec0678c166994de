using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>Draws a timeline from a plan's expectations or from a run's readings.</summary>
    public static class TimelineBuilder
    {
        private static readonly string[] Drawn = { nameof(UpgradeAction.Update), nameof(UpgradeAction.Restart) };

        /// <summary>
        /// What the plan expects: the steps back to back at their expected durations; each node's network
        /// state after a step from the step's expectations; the virtual IP with the node the step's gate names;
        /// a step's expected outage at its start, during which nobody serves.
        /// </summary>
        public static UpgradeTimeline FromPlan(UpgradePlan plan)
        {
            var order = Lanes(plan.Nodes.Select(n => (n.ComputerName, n.Mode.ToString())));
            var moments = new List<Moment>();
            var network = plan.Nodes.ToDictionary(n => n.ComputerName, n => n.NetworkState.ToString(), StringComparer.OrdinalIgnoreCase);
            string? holder = plan.Nodes.FirstOrDefault(n => n.VrrpActive)?.ComputerName;
            void Snapshot(double at, string? server)
            {
                foreach (var node in order) moments.Add(new Moment(at, node, network[node], string.Equals(node, server, StringComparison.OrdinalIgnoreCase)));
            }

            var timeline = new UpgradeTimeline { Expected = true, Start = plan.CreatedAt, Nodes = order };
            var t = 0.0;
            Snapshot(t, holder);
            foreach (var step in plan.Steps)
            {
                var duration = step.ExpectedDuration.TotalSeconds;
                var outage = Math.Min(step.ExpectedOutage.TotalSeconds, duration);
                var after = step.Gate.VirtualIpHolder;
                if (Drawn.Contains(step.Action.ToString()) && duration > 0)
                    timeline.Activities.AddRange(step.Targets.Select(n => new TimelineActivity { Node = n, From = t, To = t + duration, Kind = step.Action.ToString(), KbStep = step.KbStep }));
                if (outage > 0)
                {
                    timeline.Outages.Add(new TimelineWindow { From = t, To = t + outage });
                    Snapshot(t, null);
                    if (outage < duration) Snapshot(t + outage, after);
                }
                foreach (var expected in step.ExpectedAfter)
                    if (expected.Network is { } state && network.ContainsKey(expected.ComputerName)) network[expected.ComputerName] = state.ToString();
                t += duration;
                holder = after;
                Snapshot(t, holder);
            }
            timeline.Seconds = t;
            timeline.States = Spans(moments, order, t);
            return timeline;
        }

        /// <summary>What a run read: the observations as spans, its updates and restarts from the step records, its outage windows.</summary>
        public static UpgradeTimeline FromReport(UpgradeReport report)
        {
            var start = report.StartedAt;
            double At(DateTimeOffset time) => Math.Max(0, (time - start).TotalSeconds);
            var firstSeen = report.Observations.GroupBy(o => o.ComputerName, StringComparer.OrdinalIgnoreCase).Select(g => (g.First().ComputerName, g.First().Mode));
            var order = Lanes(firstSeen);
            var seconds = Math.Max(0, (report.EndedAt - start).TotalSeconds);
            var timeline = new UpgradeTimeline { Expected = false, Start = start, Seconds = seconds, Nodes = order };
            timeline.States = Spans(report.Observations.Select(o => new Moment(At(o.Time), o.ComputerName, o.Network, o.ServesVirtualIp)), order, seconds);
            foreach (var step in report.Steps.Where(s => Drawn.Contains(s.Action) && s.StartedAt != null && s.EndedAt != null && s.Result != StepResult.AlreadyDone && s.Result != StepResult.NotRun))
                timeline.Activities.AddRange(step.Target.Split(new[] { ", " }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(n => new TimelineActivity { Node = n, From = At(step.StartedAt!.Value), To = At(step.EndedAt!.Value), Kind = step.Action, KbStep = step.KbStep }));
            timeline.Outages = report.OutageWindows.Select(w => new TimelineWindow { From = At(w.From), To = Math.Min(seconds, At(w.To)) }).Where(w => w.To > w.From).ToList();
            return timeline;
        }

        /// <summary>Lane order: master, failover, scanners, standalone, then by name.</summary>
        internal static List<string> Lanes(IEnumerable<(string Node, string Mode)> nodes)
        {
            int Rank(string mode) => mode == nameof(ClusterMode.Master) ? 0 : mode == nameof(ClusterMode.Failover) ? 1 : mode == nameof(ClusterMode.Scanner) ? 2 : 3;
            return nodes.OrderBy(n => Rank(n.Mode)).ThenBy(n => n.Node, StringComparer.OrdinalIgnoreCase).Select(n => n.Node)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>Each node's moments as spans: a span ends where the node's next different state begins, the last at <paramref name="end"/>.</summary>
        private static List<TimelineSpan> Spans(IEnumerable<Moment> moments, IReadOnlyList<string> order, double end)
        {
            var spans = new List<TimelineSpan>();
            foreach (var node in order)
            {
                TimelineSpan? open = null;
                foreach (var moment in moments.Where(m => string.Equals(m.Node, node, StringComparison.OrdinalIgnoreCase)).OrderBy(m => m.At))
                {
                    if (open != null && open.Network == moment.Network && open.ServesVirtualIp == moment.Serves) continue;
                    if (open != null)
                    {
                        open.To = moment.At;
                        if (open.To > open.From) spans.Add(open);
                    }
                    open = new TimelineSpan { Node = node, From = moment.At, Network = moment.Network, ServesVirtualIp = moment.Serves };
                }
                if (open != null && end > open.From)
                {
                    open.To = end;
                    spans.Add(open);
                }
            }
            return spans;
        }

        private readonly struct Moment
        {
            public Moment(double at, string node, string network, bool serves)
            {
                At = at;
                Node = node;
                Network = network;
                Serves = serves;
            }

            public double At { get; }
            public string Node { get; }
            public string Network { get; }
            public bool Serves { get; }
        }
    }
}
