using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Execution;
using EmailGateway.Model;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Upgrade.Runs;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// Runs an upgrade on a worker thread while the cmdlet's own thread (the pipeline thread) serves the
    /// cmdlet's mailbox: it writes the run's progress and messages, and the log's, as they come, and invokes
    /// the -BeforeStep/-AfterStep script blocks, which PowerShell only allows there. The run waits for each
    /// hook to finish, so the mailbox is served until the run ends, even when the pipeline is stopped or a
    /// write fails (that failure is thrown once the run has ended).
    /// </summary>
    internal sealed class PipelinePump : IUpgradeObserver
    {
        private const int FleetActivity = 4099;
        private const int OverallActivity = 4100;
        private const int StepActivity = 4101;
        private readonly Mailbox _mailbox;
        private readonly GatewayCmdlet _cmdlet;
        private readonly ScriptBlock? _before;
        private readonly ScriptBlock? _after;
        private bool _stopped;
        private Exception? _failedWrite;

        public PipelinePump(GatewayCmdlet cmdlet, ScriptBlock? before, ScriptBlock? after)
        {
            _cmdlet = cmdlet;
            _mailbox = cmdlet.Mailbox;
            _before = before;
            _after = after;
        }

        /// <summary>Runs <paramref name="run"/> on a worker and serves it here until it ends; returns its result even when the pipeline is being stopped.</summary>
        public T Run<T>(Func<Task<T>> run)
        {
            var task = Task.Run(run);
            task.ContinueWith(_ => _mailbox.Post(() => { }), TaskScheduler.Default); // wakes this thread when the run ends
            while (!task.IsCompleted) Serve(_mailbox.RunNext);
            while (!Serve(_mailbox.RunPending)) { }
            if (_failedWrite is { } failed) ExceptionDispatchInfo.Capture(failed).Throw();
            return task.GetAwaiter().GetResult();
        }

        /// <summary>Runs <paramref name="serve"/>; false when an action it ran threw (the rest is still queued).</summary>
        private bool Serve(Action serve)
        {
            try
            {
                serve();
                return true;
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C: keep serving the run (it is stopping too) so it can leave the cluster safe and write its journal.
                _stopped = true;
                _cmdlet.PipelineStopped();
            }
            catch (Exception ex)
            {
                // For example -WarningAction Stop: drop further writes, serve the run to its end, then fail with it.
                _failedWrite ??= ex;
                _stopped = true;
            }
            return false;
        }

        public void Progress(UpgradeProgress progress) => Post(() => WriteRunProgress(progress, "Cluster upgrade", OverallActivity, StepActivity, null));

        /// <summary>This pump as every observer of a run or a rollout: the fleet's bar, and each cluster's bars under it.</summary>
        public UpgradeObservers Observers => new UpgradeObservers(this, new FleetProgress(this), (slot, cluster) => ForCluster(slot, cluster.ToString()));

        /// <summary>The observer of one cluster in a rollout: its progress nests under the fleet's, one pair of bars per slot running at once.</summary>
        public IUpgradeObserver ForCluster(int slot, string cluster) => new ClusterObserver(this, slot, cluster);

        /// <summary>The fleet's own bar, above every cluster's.</summary>
        public void FleetProgress(string status, int percent, bool completed) => Post(() =>
            _cmdlet.WriteProgress(new ProgressRecord(FleetActivity, "Fleet upgrade", status)
            {
                PercentComplete = Math.Max(0, Math.Min(100, percent)),
                RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            }));

        internal void ClusterProgress(UpgradeProgress progress, int slot, string cluster) =>
            Post(() => WriteRunProgress(progress, cluster, OverallActivity + 2 * slot + 2, StepActivity + 2 * slot + 2, FleetActivity));

        private void WriteRunProgress(UpgradeProgress progress, string activity, int overallId, int stepId, int? parentId)
        {
            if (progress.Completed)
            {
                _cmdlet.WriteProgress(new ProgressRecord(stepId, "Step", "Done") { ParentActivityId = overallId, RecordType = ProgressRecordType.Completed });
                _cmdlet.WriteProgress(new ProgressRecord(overallId, activity, progress.Status) { ParentActivityId = parentId ?? -1, RecordType = ProgressRecordType.Completed });
                return;
            }
            _cmdlet.WriteProgress(new ProgressRecord(overallId, activity, $"Step {progress.StepIndex} of {progress.StepCount} (KB80406 {progress.KbStep})")
            { PercentComplete = Math.Max(0, Math.Min(100, progress.OverallPercent)), ParentActivityId = parentId ?? -1 });
            var step = new ProgressRecord(stepId, progress.Activity, string.IsNullOrEmpty(progress.Status) ? "..." : progress.Status) { ParentActivityId = overallId };
            if (progress.StepPercent >= 0) step.PercentComplete = Math.Min(100, progress.StepPercent);
            _cmdlet.WriteProgress(step);
        }

        public void Message(string text) => Post(() => _cmdlet.WriteVerbose(text));

        public Task BeforeStepAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) =>
            _before is null ? Task.CompletedTask : Invoke(_before, new UpgradeHookContext("BeforeStep", step, nodes, null), cancellationToken);

        public Task AfterStepAsync(UpgradeStep step, StepRecord record, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) =>
            _after is null ? Task.CompletedTask : Invoke(_after, new UpgradeHookContext("AfterStep", step, nodes, record), cancellationToken);

        private Task Invoke(ScriptBlock hook, UpgradeHookContext context, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                if (_stopped || cancellationToken.IsCancellationRequested) { done.TrySetCanceled(); return; }
                try
                {
                    hook.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", context) }, context);
                    done.TrySetResult(true);
                }
                catch (PipelineStoppedException)
                {
                    // The run must see Ctrl+C before it sees the hook cancelled, or it would take the cancelled hook for a failed one.
                    _cmdlet.PipelineStopped();
                    done.TrySetCanceled();
                    throw;
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex is RuntimeException runtime && runtime.ErrorRecord?.Exception != null ? runtime.ErrorRecord.Exception : ex);
                }
            }, evenWhenStopping: true);
            return done.Task;
        }

        /// <summary>Queues work for the pipeline thread; writes are dropped once the pipeline is stopping, hooks always run (to answer the run).</summary>
        private void Post(Action action, bool evenWhenStopping = false) =>
            _mailbox.Post(() => { if (evenWhenStopping || !_stopped) action(); });
    }

    /// <summary>One cluster of a rollout as the pump sees it: progress under the fleet's bar, messages and hooks as a single run's.</summary>
    internal sealed class ClusterObserver : IUpgradeObserver
    {
        private readonly PipelinePump _pump;
        private readonly int _slot;
        private readonly string _cluster;

        public ClusterObserver(PipelinePump pump, int slot, string cluster) => (_pump, _slot, _cluster) = (pump, slot, cluster);

        public void Progress(UpgradeProgress progress) => _pump.ClusterProgress(progress, _slot, _cluster);
        public void Message(string text) => _pump.Message($"{_cluster}: {text}");
        public Task BeforeStepAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) => _pump.BeforeStepAsync(step, nodes, cancellationToken);
        public Task AfterStepAsync(UpgradeStep step, StepRecord record, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) =>
            _pump.AfterStepAsync(step, record, nodes, cancellationToken);
    }

    /// <summary>What a -BeforeStep/-AfterStep script block receives, as $_ and as its first argument.</summary>
    public sealed class UpgradeHookContext
    {
        internal UpgradeHookContext(string phase, UpgradeStep step, IReadOnlyList<GatewayNode> nodes, StepRecord? record)
        {
            Phase = phase;
            Step = step;
            Nodes = nodes;
            Record = record;
        }

        /// <summary>BeforeStep or AfterStep.</summary>
        public string Phase { get; }
        public UpgradeStep Step { get; }

        /// <summary>Every node of the cluster as just read.</summary>
        public IReadOnlyList<GatewayNode> Nodes { get; }

        /// <summary>The step's record (AfterStep only).</summary>
        public StepRecord? Record { get; }

        public override string ToString() => $"{Phase} {Step}";
    }
}
