using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Upgrade.Guard;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Orchestration
{
    // What each action sends. Every state-changing command passes the guard first, judged on a fresh read.
    public sealed partial class UpgradeOrchestrator
    {
        private async Task ExecuteAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken)
        {
            switch (step.Action)
            {
                case UpgradeAction.TakeOffline:
                {
                    var pending = step.Targets.Where(t => Find(nodes, t).IsOnline).ToList();
                    if (step.DrainFirst) await DrainAsync(step, pending, cancellationToken).ConfigureAwait(false);
                    nodes = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
                    await ChangeAsync(nodes, pending.Select(t => GuardChange.SetNetwork(t, NetworkState.Offline)).ToList(),
                        t => _clients[t].SetNetworkStateAsync(NetworkState.Offline, CancellationToken.None)).ConfigureAwait(false);
                    break;
                }
                case UpgradeAction.BringOnline:
                {
                    var pending = step.Targets.Where(t => !Find(nodes, t).IsOnline).ToList();
                    await ChangeAsync(nodes, pending.Select(t => GuardChange.SetNetwork(t, NetworkState.Online)).ToList(),
                        t => _clients[t].SetNetworkStateAsync(NetworkState.Online, CancellationToken.None)).ConfigureAwait(false);
                    break;
                }
                case UpgradeAction.Update:
                    await UpdateAsync(step, nodes, cancellationToken).ConfigureAwait(false);
                    break;
                case UpgradeAction.SetMode:
                {
                    var target = step.Targets[0];
                    var node = Find(nodes, target);
                    if (node.Mode == step.Mode && (step.VirtualIp is null || node.VirtualIp == step.VirtualIp)) break;
                    await ChangeAsync(nodes, new[] { GuardChange.SetMode(target, step.Mode!.Value, step.VirtualIp) },
                        t => _clients[t].SetClusterModeAsync(step.Mode!.Value, step.VirtualIp, CancellationToken.None)).ConfigureAwait(false);
                    break;
                }
                case UpgradeAction.SetAddress:
                {
                    var target = step.Targets[0];
                    if (string.Equals(Find(nodes, target).Address, step.Address, StringComparison.OrdinalIgnoreCase)) break;
                    await ChangeAsync(nodes, new[] { GuardChange.SetAddress(target, step.Address!) },
                        t => _clients[t].SetAddressAsync(step.Address!, CancellationToken.None)).ConfigureAwait(false);
                    break;
                }
                case UpgradeAction.SetGreeting:
                {
                    var target = step.Targets[0];
                    if (string.Equals(Find(nodes, target).Helo, step.Greeting, StringComparison.OrdinalIgnoreCase)) break;
                    await _clients[target].SetHeloAsync(step.Greeting!, CancellationToken.None).ConfigureAwait(false);
                    break;
                }
                case UpgradeAction.Switchover:
                    await SwitchoverAsync(step, nodes, cancellationToken).ConfigureAwait(false);
                    break;
                case UpgradeAction.Restart:
                {
                    var target = step.Targets[0];
                    Allow(nodes, new[] { GuardChange.RestartNode(target) });
                    Report(step, $"restarting {target}");
                    await NodeOperations.RestartAsync(_clients[target], _options.RestartTimeout, _options.BootPollInterval, cancellationToken).ConfigureAwait(false);
                    break;
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(step), step.Action, "Unknown step action.");
            }
        }

        /// <summary>Checks the changes with the guard, then sends one command per node in parallel (not cancellable once sent).</summary>
        private async Task ChangeAsync(IReadOnlyList<GatewayNode> nodes, IReadOnlyList<GuardChange> changes, Func<string, Task> command)
        {
            if (changes.Count == 0) return;
            Allow(nodes, changes);
            await Task.WhenAll(changes.Select(c => command(c.NodeName))).ConfigureAwait(false);
        }

        private void Allow(IReadOnlyList<GatewayNode> nodes, IReadOnlyList<GuardChange> changes)
        {
            var verdict = SegmentGuard.Check(Snapshot(nodes), changes);
            if (!verdict.Allowed) throw new GuardRefusedException(verdict);
        }

        /// <summary>Waits until the nodes' mail queues are empty. A node that serves the virtual IP keeps receiving mail and cannot drain.</summary>
        private async Task DrainAsync(UpgradeStep step, IReadOnlyList<string> targets, CancellationToken cancellationToken)
        {
            if (targets.Count == 0) return;
            var deadline = _clock.Now + _options.DrainTimeout;
            while (true)
            {
                var nodes = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
                var serving = targets.Select(t => Find(nodes, t)).FirstOrDefault(n => n.VrrpActive && ServesVirtualIp(n));
                if (serving != null)
                    throw new DrainFailedException(serving.ComputerName, $"{serving.ComputerName} serves the virtual IP, so its queue cannot drain; move service to another node first.");
                var queued = targets.Select(t => Find(nodes, t)).Where(n => n.MailQueue > 0).ToList();
                if (queued.Count == 0) return;
                if (_clock.Now >= deadline)
                    throw new DrainFailedException(queued[0].ComputerName,
                        $"the mail queue of {string.Join(", ", queued.Select(n => $"{n.ComputerName} ({n.MailQueue})"))} did not empty within {_options.DrainTimeout}");
                Report(step, "draining " + string.Join(", ", queued.Select(n => $"{n.ComputerName}: {n.MailQueue} queued")));
                await _clock.DelayAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private bool ServesVirtualIp(GatewayNode node)
        {
            var served = node.Mode == ClusterMode.Standalone ? node.Address : node.Mode == ClusterMode.Scanner ? null : node.VirtualIp;
            return served != null && string.Equals(served, _plan.VirtualIp, StringComparison.OrdinalIgnoreCase);
        }

        private async Task UpdateAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken)
        {
            // A node still busy from an earlier attempt (a hung or slow update) is waited for first.
            foreach (var busy in step.Targets.Select(t => Find(nodes, t)).Where(n => n.Power != PowerState.Running).ToList())
            {
                Report(step, $"waiting for {busy.ComputerName} ({ModeNames.ToWire(busy.Power)})");
                await _clients[busy.ComputerName].WaitForAsync(_ => true, "finish what it is doing", _options.UpdateTimeout, _options.BootPollInterval, cancellationToken).ConfigureAwait(false);
            }
            if (step.Targets.Any(t => Find(nodes, t).Power != PowerState.Running)) nodes = await ReadAllAsync(cancellationToken).ConfigureAwait(false);

            var pending = step.Targets.Where(t => Find(nodes, t).Build != _plan.TargetBuild).ToList();
            if (pending.Count == 0) return;
            if (_package is null)
                throw new ArgumentException($"Step {step.Index} installs {_plan.TargetBuild} on {string.Join(", ", pending)}, but no update package was given (-Path).");
            Allow(nodes, pending.Select(t => GuardChange.Update(t, _plan.TargetBuild)).ToList());
            Report(step, $"updating {string.Join(", ", pending)} to {_plan.TargetBuild}");
            // Every node of the batch starts its update before any wait begins, so the batch takes one
            // update's time (on a lab, waits move the clock: a late start would begin in the future).
            // A node that could not start does not abandon the others: the step waits for every update it
            // started, so a failed batch stops with no node still updating.
            var package = _package;
            var starts = pending.Select(async t =>
            {
                try { await NodeOperations.StartUpdateAsync(_clients[t], package, null, cancellationToken).ConfigureAwait(false); return (Node: t, Error: (Exception?)null); }
                catch (Exception ex) when (!(ex is OperationCanceledException)) { return (Node: t, Error: ex); }
            }).ToList();
            var started = await Task.WhenAll(starts).ConfigureAwait(false);
            var waits = started.Where(s => s.Error is null).Select(s => NodeOperations.AwaitUpdateAsync(_clients[s.Node], package.Build, _options.UpdateTimeout, _options.BootPollInterval, cancellationToken)).ToList();
            var failures = started.Where(s => s.Error != null).Select(s => s.Error!).ToList();
            try
            {
                await Task.WhenAll(waits).ConfigureAwait(false);
            }
            catch (Exception) when (waits.Any(w => w.IsFaulted) && !waits.Any(w => w.IsCanceled))
            {
                failures.AddRange(waits.Where(w => w.IsFaulted).SelectMany(w => w.Exception!.InnerExceptions));
            }
            if (failures.Count == 1) throw failures[0];
            if (failures.Count > 1) throw new AggregateException(failures);
        }

        /// <summary>
        /// One node stops serving and the other starts, back to back, so the virtual IP is unserved for one
        /// takeover. If the second half cannot be done, the first is undone, so service is never left off.
        /// </summary>
        private async Task SwitchoverAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken)
        {
            var leaving = step.Targets[0];
            var entering = step.Targets[1];
            var release = Release(step, Find(nodes, leaving));
            var enter = Find(nodes, entering).IsOnline ? null : GuardChange.SetNetwork(entering, NetworkState.Online);

            var projected = Snapshot(nodes);
            if (release != null)
            {
                var first = SegmentGuard.Check(projected, new[] { release.Value.Change });
                if (!first.Allowed) throw new GuardRefusedException(first);
                projected = GuardChange.Apply(projected, new[] { release.Value.Change }, during: false).ToList();
            }
            if (enter != null)
            {
                var second = SegmentGuard.Check(projected, new[] { enter });
                if (!second.Allowed) throw new GuardRefusedException(second);
            }

            if (release != null) await release.Value.Send().ConfigureAwait(false);
            if (enter is null) return;
            Exception? last = null;
            for (var attempt = 0; attempt <= _options.MaxRetries; attempt++)
            {
                try
                {
                    await _clients[entering].SetNetworkStateAsync(NetworkState.Online, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    last = ex;
                    await _clock.DelayAsync(_options.PollInterval, CancellationToken.None).ConfigureAwait(false);
                }
            }
            if (release != null)
            {
                _observer.Message($"{entering} could not be brought online ({last!.Message}); {leaving} takes the virtual IP back.");
                await release.Value.Undo().ConfigureAwait(false);
                await WaitUntilServingAsync(leaving).ConfigureAwait(false);
            }
            throw last!;
        }

        /// <summary>After an undone switch-over: wait (not cancellable) until the node serves again, so the run stops with service on.</summary>
        private async Task WaitUntilServingAsync(string node)
        {
            var deadline = _clock.Now + _options.GateTimeout;
            while (_clock.Now < deadline)
            {
                var status = await _clients[node].GetStatusAsync(CancellationToken.None).ConfigureAwait(false);
                if (status.VrrpActive) return;
                await _clock.DelayAsync(_options.PollInterval, CancellationToken.None).ConfigureAwait(false);
            }
        }

        private (GuardChange Change, Func<Task> Send, Func<Task> Undo)? Release(UpgradeStep step, GatewayNode leaving)
        {
            var client = _clients[leaving.ComputerName];
            var none = CancellationToken.None;
            switch (step.Release)
            {
                case ReleaseBy.TakeOffline:
                    if (!leaving.IsOnline) return null;
                    return (GuardChange.SetNetwork(leaving.ComputerName, NetworkState.Offline),
                        () => client.SetNetworkStateAsync(NetworkState.Offline, none),
                        () => client.SetNetworkStateAsync(NetworkState.Online, none));
                case ReleaseBy.BecomeStandalone:
                    if (leaving.Mode == ClusterMode.Standalone) return null;
                    var mode = leaving.Mode;
                    var virtualIp = leaving.VirtualIp;
                    return (GuardChange.SetMode(leaving.ComputerName, ClusterMode.Standalone),
                        () => client.SetClusterModeAsync(ClusterMode.Standalone, null, none),
                        () => client.SetClusterModeAsync(mode, virtualIp, none));
                case ReleaseBy.RestoreAddress:
                    if (string.Equals(leaving.Address, step.Address, StringComparison.OrdinalIgnoreCase)) return null;
                    var address = leaving.Address!;
                    return (GuardChange.SetAddress(leaving.ComputerName, step.Address!),
                        () => client.SetAddressAsync(step.Address!, none),
                        () => client.SetAddressAsync(address, none));
                default:
                    throw new ArgumentOutOfRangeException(nameof(step), step.Release, "A switch-over needs a release.");
            }
        }
    }
}
