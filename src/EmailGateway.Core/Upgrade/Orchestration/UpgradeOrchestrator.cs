using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Rules;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade.Guard;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Orchestration
{
    /// <summary>
    /// Runs a plan step by step: read every node, skip a step whose postcondition holds, run its commands
    /// past the guard, wait for its gate, journal before and after. A failing step is retried; then the
    /// run stops in the safe state the last step left, and says what to do next. Cancellation is honoured
    /// between commands and in every wait, never between the two halves of a switch-over.
    /// </summary>
    public sealed partial class UpgradeOrchestrator
    {
        private readonly UpgradePlan _plan;
        private readonly IReadOnlyDictionary<string, GatewayClient> _clients;
        private readonly UpdatePackage? _package;
        private readonly UpgradeOptions _options;
        private readonly IUpgradeObserver _observer;
        private readonly UpgradeJournal? _journal;
        private readonly IServiceAccount? _account;
        private readonly string _network;
        private readonly IGatewayClock _clock;
        private readonly BreachTracker _breaches = new BreachTracker();
        private IReadOnlyList<GatewayNode> _lastRead = Array.Empty<GatewayNode>();
        private readonly ObservationLog _observations = new ObservationLog();

        public UpgradeOrchestrator(UpgradePlan plan, IReadOnlyDictionary<string, GatewayClient> clients, UpdatePackage? package,
            UpgradeOptions? options = null, IUpgradeObserver? observer = null, UpgradeJournal? journal = null, IServiceAccount? account = null, string? network = null)
        {
            _plan = plan ?? throw new ArgumentNullException(nameof(plan));
            _clients = (clients ?? throw new ArgumentNullException(nameof(clients))).ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
            var missing = plan.Nodes.Select(n => n.ComputerName).Where(n => !_clients.ContainsKey(n)).ToList();
            if (missing.Count > 0) throw new ArgumentException($"No session for {string.Join(", ", missing)}: every node of the plan must be reachable.", nameof(clients));
            _package = package;
            if (package != null && package.Build != plan.TargetBuild)
                throw new ArgumentException($"The package installs {package.Build}; the plan's target is {plan.TargetBuild}.", nameof(package));
            _options = options ?? new UpgradeOptions();
            _options.Validate();
            _observer = observer ?? new NullUpgradeObserver();
            _journal = journal;
            _account = account;
            _network = network ?? string.Empty;
            _clock = _clients.Values.First().Transport.Clock;
        }

        public UpgradePlan Plan => _plan;

        /// <summary>Runs the plan from step <paramref name="firstStep"/> (1-based) to the end, or until a step fails or the run is stopped.</summary>
        public async Task<UpgradeReport> RunAsync(int firstStep = 1, bool resumed = false, CancellationToken cancellationToken = default)
        {
            if (firstStep < 1 || firstStep > _plan.Steps.Count + 1)
                throw new ArgumentOutOfRangeException(nameof(firstStep), firstStep, $"The plan has steps 1-{_plan.Steps.Count}.");
            if (!resumed && !_plan.IsRunnable)
                throw new InvalidOperationException("The plan did not pass its preflight: " + string.Join(" ", _plan.FailedChecks.Select(c => $"{c.Name}: {c.Reason}")));

            var wall = Stopwatch.StartNew();
            var report = new UpgradeReport
            {
                Strategy = _plan.Strategy.ToString(),
                InterimMode = _plan.Strategy == UpgradeRecipe.FailoverPromotion ? _plan.InterimMode.ToString() : null,
                ClusterId = _plan.ClusterId,
                Segment = _plan.Segment,
                TargetBuild = _plan.TargetBuild.ToString(),
                Resumed = resumed,
                StartedAtStep = firstStep,
                StartedAt = _clock.Now,
                JournalPath = _journal?.Path,
                ExpectedOutageSeconds = _plan.Steps.Where(s => s.Index >= firstStep).Sum(s => s.ExpectedOutage.TotalSeconds),
            };
            _observations.Clear();
            var figuresBefore = _account?.Read();
            _journal?.SetState("Running", RunLock.Describe(), null, null, _clock.Now);

            try
            {
                await JoinClockAsync().ConfigureAwait(false);
                var before = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
                foreach (var node in before) report.BuildsBefore[node.ComputerName] = node.Build?.ToString() ?? "unknown";
                _breaches.Start(Evaluate(before), _clock.Now);
                report.Result = UpgradeResult.Succeeded;
                foreach (var step in _plan.Steps.Where(s => s.Index >= firstStep))
                {
                    var record = await RunStepAsync(step, report, cancellationToken).ConfigureAwait(false);
                    report.Steps.Add(record);
                    if (report.Result != UpgradeResult.Succeeded) break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Stop(report, UpgradeResult.Stopped, null, null, $"Stopped before {(firstStep <= _plan.Steps.Count ? StepName(_plan.Steps[firstStep - 1]) : "its first step")}: nothing of it was sent.");
            }
            catch (Exception ex)
            {
                Stop(report, UpgradeResult.Failed, 0, (ex as GatewayCommandException)?.Node, report.Steps.Count == 0 ? $"The cluster could not be read before the first step: {ex.Message}" : ex.Message);
            }

            await FinishAsync(report, figuresBefore, wall).ConfigureAwait(false);
            return report;
        }

        private async Task<StepRecord> RunStepAsync(UpgradeStep step, UpgradeReport report, CancellationToken cancellationToken)
        {
            var record = new StepRecord
            {
                Index = step.Index, KbStep = step.KbStep, Action = step.Action.ToString(), Target = step.Target, Gate = step.GateText, StartedAt = _clock.Now,
            };
            var wall = Stopwatch.StartNew();
            var commandsSent = false;
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    record.Attempts = attempt;
                    Report(step, attempt == 1 ? step.Description : $"attempt {attempt}: {step.Description}");
                    try
                    {
                        var nodes = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
                        if (PostconditionHolds(step, nodes))
                        {
                            record.Result = StepResult.AlreadyDone;
                            record.Message = step.Note ?? "its postcondition held already";
                            _journal?.Record(step.Index, UpgradeJournal.StepAlreadyDone, attempt, record.Message, _clock.Now);
                            _observer.Message($"Step {step.Index} [{step.KbStep}] {step.Action} {step.Target}: nothing to do ({record.Message}).");
                            return record;
                        }
                        if (attempt == 1) await Hook("BeforeStep", () => _observer.BeforeStepAsync(step, nodes, cancellationToken)).ConfigureAwait(false);
                        _journal?.Record(step.Index, UpgradeJournal.StepStarted, attempt, null, _clock.Now);
                        commandsSent = true;
                        await ExecuteAsync(step, nodes, cancellationToken).ConfigureAwait(false);
                        Report(step, "gate: " + step.GateText);
                        nodes = await GateAsync(step, cancellationToken).ConfigureAwait(false);
                        record.Result = StepResult.Done;
                        record.EndedAt = _clock.Now;
                        _journal?.Record(step.Index, UpgradeJournal.StepDone, attempt, null, _clock.Now);
                        await Hook("AfterStep", () => _observer.AfterStepAsync(step, record, nodes, cancellationToken)).ConfigureAwait(false);
                        return record;
                    }
                    catch (Exception ex) when (Retryable(ex, cancellationToken) && attempt <= _options.MaxRetries)
                    {
                        _journal?.Record(step.Index, UpgradeJournal.StepFailed, attempt, ex.Message, _clock.Now);
                        _observer.Message($"Step {step.Index} [{step.KbStep}] attempt {attempt} failed: {ex.Message} Retrying in {_options.RetryDelay.TotalSeconds:0.#} s.");
                        await _clock.DelayAsync(_options.RetryDelay, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && record.Result == StepResult.Done)
            {
                // Stopped in the step's after-hook: the step itself is done and journaled so.
                Stop(report, UpgradeResult.Stopped, step.Index, step.Targets.FirstOrDefault(), $"Stopped after {StepName(step)}, which is done.");
                return record;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                record.Result = commandsSent ? StepResult.Interrupted : StepResult.NotRun;
                record.Message = "stopped on request";
                _journal?.Record(step.Index, UpgradeJournal.StepInterrupted, record.Attempts, record.Message, _clock.Now);
                Stop(report, UpgradeResult.Stopped, step.Index, step.Targets.FirstOrDefault(), commandsSent
                    ? $"Stopped during {StepName(step)}: some of its commands were sent; -Resume finds what is done."
                    : $"Stopped before {StepName(step)}: nothing of it was sent.");
                return record;
            }
            catch (Exception ex)
            {
                var node = NodeOf(ex) ?? step.Targets.FirstOrDefault();
                Stop(report, UpgradeResult.Failed, step.Index, node, Explain(step, node, ex));
                if (record.Result == StepResult.Done)
                {
                    // An after-hook failed: the step itself is done (and journaled so), the run stops here.
                    record.Message = "done; then " + ex.Message;
                }
                else
                {
                    record.Message = ex.Message;
                    _journal?.Record(step.Index, UpgradeJournal.StepFailed, record.Attempts, ex.Message, _clock.Now);
                }
                record.Result = StepResult.Failed;
                return record;
            }
            finally
            {
                record.EndedAt ??= _clock.Now;
                record.WallSeconds = Math.Round(wall.Elapsed.TotalSeconds, 4);
            }
        }

        private static bool Retryable(Exception ex, CancellationToken cancellationToken) =>
            !cancellationToken.IsCancellationRequested && TransientErrors.IsTransient(ex);

        private async Task Hook(string name, Func<Task> hook)
        {
            try
            {
                var running = hook();
                var answeredElsewhere = !running.IsCompleted;
                await running.ConfigureAwait(false);
                if (answeredElsewhere) await JoinClockAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw new HookFailedException(name, ex);
            }
        }

        /// <summary>
        /// A zero wait on the run's clock, where the run comes in from elsewhere (its caller, a hook answered on
        /// another thread). A virtual clock that moves only when everyone waits then runs what follows itself, so
        /// the parallel waits of a batch all start before time moves; a real clock returns at once.
        /// </summary>
        private Task JoinClockAsync() => _clock.DelayAsync(TimeSpan.Zero, CancellationToken.None);

        private void Stop(UpgradeReport report, UpgradeResult result, int? step, string? node, string error)
        {
            report.Result = result;
            report.FailedStep = step;
            report.FailedNode = node;
            report.Error = error;
            report.NextAction = NextAction(result);
        }

        private async Task FinishAsync(UpgradeReport report, ServiceFigures? figuresBefore, Stopwatch wall)
        {
            try
            {
                var after = await ReadAllAsync(CancellationToken.None).ConfigureAwait(false);
                foreach (var node in after) report.BuildsAfter[node.ComputerName] = node.Build?.ToString() ?? "unknown";
                _breaches.Observe(Evaluate(after), _clock.Now);
                if (report.Result == UpgradeResult.Succeeded)
                {
                    var wrong = after.Where(n => n.Build != _plan.TargetBuild).Select(n => $"{n.ComputerName} runs {n.Build}").ToList();
                    if (wrong.Count > 0) Stop(report, UpgradeResult.Failed, null, null, "The plan ran but not every node is on the target: " + string.Join(", ", wrong));
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // The builds after are then the last ones read; the report says the final read failed and why.
                foreach (var node in _lastRead) report.BuildsAfter[node.ComputerName] = node.Build?.ToString() ?? "unknown";
                report.FinalReadError = $"The cluster could not be read after the run ({ex.Message}); BuildsAfter and the violations show the last read, at step {report.Steps.LastOrDefault()?.Index ?? 0}.";
                _observer.Message(report.FinalReadError);
            }

            if (report.Result != UpgradeResult.Succeeded) report.NextAction = NextAction(report.Result);
            report.EndedAt = _clock.Now;
            report.WallSeconds = Math.Round(wall.Elapsed.TotalSeconds, 4);
            report.Observations = _observations.Since(report.StartedAt);
            if (_account != null && figuresBefore != null)
            {
                var figures = _account.Read();
                report.Lab = figures;
                report.OutageSeconds = Math.Round(figures.OutageSeconds - figuresBefore.OutageSeconds, 3);
                report.RejectedDeliveries = figures.RejectedDeliveries - figuresBefore.RejectedDeliveries;
                report.Violations = figures.Violations.Where(v => v.From >= report.StartedAt && !figuresBefore.Violations.Any(b => Same(b, v))).ToList();
                report.PreexistingViolations = figures.Violations.Where(v => figuresBefore.Violations.Any(b => Same(b, v))).ToList();
                report.OutageWindows = ObservationLog.Clip(figures.OutageWindows, report.StartedAt, report.EndedAt);
            }
            else
            {
                report.OutageWindows = _plan.VirtualIp is null ? new List<OutageWindow>() : ObservationLog.OutagesSeen(report.Observations, report.EndedAt);
                report.Violations = _breaches.Began.ToList();
                report.PreexistingViolations = _breaches.Preexisting.ToList();
            }
            var state = report.Result == UpgradeResult.Succeeded ? "Succeeded" : report.Result.ToString();
            _journal?.SetState(state, null, report.Error, report.NextAction, _clock.Now);
            _observer.Progress(new UpgradeProgress { StepCount = _plan.Steps.Count, StepIndex = _plan.Steps.Count, Activity = "Upgrade", Status = state, OverallPercent = 100, Completed = true });
        }

        private static bool Same(ViolationRecord a, ViolationRecord b) => a.Name == b.Name && a.From == b.From && a.Nodes.SequenceEqual(b.Nodes);

        private void Report(UpgradeStep step, string status, int stepPercent = -1) =>
            _observer.Progress(new UpgradeProgress
            {
                StepIndex = step.Index,
                StepCount = _plan.Steps.Count,
                KbStep = step.KbStep,
                Activity = $"Step {step.Index}/{_plan.Steps.Count} [{step.KbStep}] {step.Action} {step.Target}",
                Status = status,
                OverallPercent = (step.Index - 1) * 100 / Math.Max(1, _plan.Steps.Count),
                StepPercent = stepPercent,
            });

        /// <summary>
        /// Reads every node, waiting (up to the update timeout) for nodes still updating or rebooting, so a
        /// resume starts from a settled cluster. Returns the nodes as read once all run.
        /// </summary>
        public async Task<IReadOnlyList<GatewayNode>> WaitUntilSettledAsync(CancellationToken cancellationToken)
        {
            var nodes = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var busy = nodes.Where(n => n.Power != PowerState.Running).ToList();
            if (busy.Count == 0) return nodes;
            _observer.Message($"Waiting for {string.Join(", ", busy.Select(n => $"{n.ComputerName} ({ModeNames.ToWire(n.Power)})"))} to run again before resuming.");
            await Task.WhenAll(busy.Select(n => _clients[n.ComputerName].WaitForAsync(_ => true, "run again", _options.UpdateTimeout, _options.BootPollInterval, cancellationToken)))
                .ConfigureAwait(false);
            return await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Reads every node of the plan, in parallel. Any node that does not answer fails the read.</summary>
        internal async Task<IReadOnlyList<GatewayNode>> ReadAllAsync(CancellationToken cancellationToken)
        {
            var reads = _plan.Nodes.Select(n => _clients[n.ComputerName].GetStatusAsync(cancellationToken)).ToList();
            var nodes = await Task.WhenAll(reads).ConfigureAwait(false);
            _lastRead = nodes;
            _observations.Record(nodes, ServesVirtualIp, _clock.Now);
            _breaches.Observe(Evaluate(nodes), _clock.Now);
            return nodes;
        }

        /// <summary>The hazards that hold now, as the nodes report them (so a run records what a lab would).</summary>
        private IReadOnlyList<RuleBreach> Evaluate(IEnumerable<GatewayNode> nodes) => KbRuleSet.Default.Hazards(NodeSnapshot.Reported(Snapshot(nodes)));

        private IReadOnlyList<SnapshotNode> Snapshot(IEnumerable<GatewayNode> nodes) => nodes.Select(n => new SnapshotNode(n, _network)).ToList();

        private GatewayNode Find(IReadOnlyList<GatewayNode> nodes, string name) =>
            nodes.First(n => string.Equals(n.ComputerName, name, StringComparison.OrdinalIgnoreCase));

        private static string? NodeOf(Exception ex) => ex switch
        {
            GatewayCommandException command => command.Node,
            GateFailedException gate => gate.Node,
            DrainFailedException drain => drain.Node,
            GuardRefusedException guard => guard.Verdict.Nodes.FirstOrDefault(),
            AggregateException aggregate => aggregate.InnerExceptions.Select(NodeOf).FirstOrDefault(n => n != null),
            _ => null,
        };
    }
}
