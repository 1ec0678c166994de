using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Planning
{
    /// <summary>
    /// Appends steps while tracking what every node will look like after each one, so each step carries
    /// its gate and the expected state of the whole cluster (the postcondition -Resume compares against).
    /// </summary>
    internal sealed class PlanBuilder
    {
        private readonly Dictionary<string, NodeExpectation> _state;
        private readonly List<string> _order;
        private readonly List<UpgradeStep> _steps = new List<UpgradeStep>();

        public PlanBuilder(IReadOnlyList<GatewayNode> nodes, UpgradeRequest request)
        {
            Request = request;
            _order = nodes.Select(n => n.ComputerName).ToList();
            _state = nodes.ToDictionary(n => n.ComputerName, NodeExpectation.From, StringComparer.OrdinalIgnoreCase);
        }

        public UpgradeRequest Request { get; }
        public PlanTimings Timings => Request.Timings;
        public GatewayBuild Target => Request.TargetBuild;

        /// <summary>Who is expected to serve the virtual IP from now on.</summary>
        public string? Server { get; set; }

        public IReadOnlyList<UpgradeStep> Steps => _steps;

        public NodeExpectation Now(string node) => _state[node];

        public UpgradeStep Add(string kbStep, UpgradeAction action, IReadOnlyList<string> targets, string description,
            Action<UpgradeStep>? configure, Action<Func<string, NodeExpectation>> apply)
        {
            var step = new UpgradeStep
            {
                Index = _steps.Count + 1,
                KbStep = kbStep,
                Action = action,
                Targets = targets.ToList(),
                Description = description,
            };
            configure?.Invoke(step);
            apply(name => _state[name]);
            step.ExpectedAfter = _order.Select(n => _state[n].Clone()).ToList();
            step.Gate = new StepGate(targets.Select(t => _state[t].Clone()).ToList(), Server, serviceExpected: Server != null);
            _steps.Add(step);
            return step;
        }

        public void TakeOffline(string kbStep, IReadOnlyList<string> nodes, string why)
        {
            var alreadyOffline = nodes.Where(n => _state[n].Network == NetworkState.Offline).ToList();
            Add(kbStep, UpgradeAction.TakeOffline, nodes, $"Drain the mail queue, then take {Join(nodes)} offline: {why}",
                s =>
                {
                    s.DrainFirst = true;
                    s.ExpectedDuration = Timings.Drain;
                    if (alreadyOffline.Count == nodes.Count) s.Note = $"{Join(nodes)} already offline";
                },
                state => { foreach (var n in nodes) state(n).Network = NetworkState.Offline; });
        }

        public void BringOnline(string kbStep, IReadOnlyList<string> nodes, string why, bool membersResync = false, string? greeting = null)
        {
            Add(kbStep, UpgradeAction.BringOnline, nodes, $"Bring {Join(nodes)} online: {why}", null, state =>
            {
                foreach (var n in nodes)
                {
                    state(n).Network = NetworkState.Online;
                    if (membersResync)
                    {
                        state(n).Sync = SyncState.InSync;
                        state(n).Helo = greeting;
                    }
                }
            });
        }

        public void Update(string kbStep, IReadOnlyList<string> nodes, string why, TimeSpan outage = default, int batch = 0)
        {
            var current = nodes.Where(n => _state[n].Build == Target).ToList();
            Add(kbStep, UpgradeAction.Update, nodes, $"Update {Join(nodes)} to {Target}: {why}", s =>
            {
                s.Build = Target;
                s.Batch = batch;
                s.ExpectedOutage = outage;
                s.ExpectedDuration = current.Count == nodes.Count ? TimeSpan.Zero : Timings.Update + (outage > TimeSpan.Zero ? Timings.VrrpTakeover : TimeSpan.Zero);
                if (current.Count > 0) s.Note = $"{Join(current)} already run{(current.Count == 1 ? "s" : "")} {Target}: nothing to install there";
            }, state => { foreach (var n in nodes) state(n).Build = Target; });
        }

        public void SetMode(string kbStep, string node, ClusterMode mode, string? virtualIp, string why)
        {
            Add(kbStep, UpgradeAction.SetMode, new[] { node }, $"Make {node} {ModeNames.ToWire(mode)}{(virtualIp is null ? "" : " on virtual IP " + virtualIp)}: {why}",
                s => { s.Mode = mode; s.VirtualIp = virtualIp; },
                state =>
                {
                    var e = state(node);
                    e.Mode = mode;
                    e.VirtualIp = mode == ClusterMode.Master || mode == ClusterMode.Failover ? virtualIp ?? e.VirtualIp : null;
                    // A member's greeting and sync follow from its master; nothing is promised until its restart.
                    if (mode == ClusterMode.Failover || mode == ClusterMode.Scanner) { e.Helo = null; e.Sync = null; }
                    else e.Sync = SyncState.Source;
                });
        }

        public void SetAddress(string kbStep, string node, string address, string why)
        {
            Add(kbStep, UpgradeAction.SetAddress, new[] { node }, $"Give {node} the address {address}: {why}",
                s => s.Address = address, state => state(node).Address = address);
        }

        public void SetGreeting(string kbStep, string node, string greeting, string why)
        {
            Add(kbStep, UpgradeAction.SetGreeting, new[] { node }, $"Set {node}'s greeting to {greeting}: {why}",
                s => s.Greeting = greeting, state => state(node).Helo = greeting);
        }

        public void Switchover(string kbStep, string leaving, ReleaseBy release, string entering, string why, string? ownAddress = null)
        {
            var how = release switch
            {
                ReleaseBy.TakeOffline => $"take {leaving} offline",
                ReleaseBy.BecomeStandalone => $"move {leaving} off the virtual IP (standalone on its own address {ownAddress}; it stays online to deliver its queue)",
                _ => $"give {leaving} back its own address {ownAddress} (it stays online to deliver its queue)",
            };
            Server = entering;
            Add(kbStep, UpgradeAction.Switchover, new[] { leaving, entering }, $"{Capital(how)} and bring {entering} online, back to back: {why}", s =>
            {
                s.Release = release;
                s.Address = release == ReleaseBy.RestoreAddress ? ownAddress : null;
                s.ExpectedOutage = Timings.VrrpTakeover;
                s.ExpectedDuration = Timings.VrrpTakeover;
            }, state =>
            {
                var l = state(leaving);
                switch (release)
                {
                    case ReleaseBy.TakeOffline: l.Network = NetworkState.Offline; break;
                    case ReleaseBy.BecomeStandalone: l.Mode = ClusterMode.Standalone; l.VirtualIp = null; break;
                    default: l.Address = ownAddress; break;
                }
                state(entering).Network = NetworkState.Online;
            });
        }

        public void Restart(string kbStep, string node, string why, string? greeting)
        {
            Add(kbStep, UpgradeAction.Restart, new[] { node }, $"Restart {node}: {why}", s => s.ExpectedDuration = Timings.Restart, state =>
            {
                state(node).Sync = SyncState.InSync;
                state(node).Helo = greeting;
            });
        }

        public static string Join(IEnumerable<string> nodes) => string.Join(", ", nodes);

        private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
