using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// Runs an upgrade on a worker thread while the cmdlet's own thread (the pipeline thread) writes its
    /// progress and messages and invokes the -BeforeStep/-AfterStep script blocks, which PowerShell only
    /// allows there. The run waits for each hook to finish.
    /// </summary>
    internal sealed class PipelinePump : IUpgradeObserver
    {
        private const int OverallActivity = 4100;
        private const int StepActivity = 4101;
        private BlockingCollection<Action> _work = new BlockingCollection<Action>();
        private readonly Cmdlet _cmdlet;
        private readonly ScriptBlock? _before;
        private readonly ScriptBlock? _after;
        private bool _stopped;

        public PipelinePump(Cmdlet cmdlet, ScriptBlock? before, ScriptBlock? after)
        {
            _cmdlet = cmdlet;
            _before = before;
            _after = after;
        }

        /// <summary>Runs <paramref name="run"/> on a worker and serves it here until it ends; returns its result even when the pipeline is being stopped.</summary>
        public T Run<T>(Func<Task<T>> run)
        {
            if (_work.IsAddingCompleted) _work = new BlockingCollection<Action>();
            var work = _work;
            var task = Task.Run(run);
            task.ContinueWith(_ => work.CompleteAdding(), TaskScheduler.Default);
            foreach (var item in work.GetConsumingEnumerable())
            {
                try
                {
                    item();
                }
                catch (PipelineStoppedException)
                {
                    // Ctrl+C: keep serving the run (it is stopping too) so it can leave the cluster safe and write its journal.
                    _stopped = true;
                }
            }
            return task.GetAwaiter().GetResult();
        }

        public void Progress(UpgradeProgress progress) => Post(() =>
        {
            if (progress.Completed)
            {
                _cmdlet.WriteProgress(new ProgressRecord(StepActivity, "Step", "Done") { ParentActivityId = OverallActivity, RecordType = ProgressRecordType.Completed });
                _cmdlet.WriteProgress(new ProgressRecord(OverallActivity, "Cluster upgrade", progress.Status) { RecordType = ProgressRecordType.Completed });
                return;
            }
            _cmdlet.WriteProgress(new ProgressRecord(OverallActivity, "Cluster upgrade", $"Step {progress.StepIndex} of {progress.StepCount} (KB80406 {progress.KbStep})")
            { PercentComplete = Math.Max(0, Math.Min(100, progress.OverallPercent)) });
            var step = new ProgressRecord(StepActivity, progress.Activity, string.IsNullOrEmpty(progress.Status) ? "..." : progress.Status) { ParentActivityId = OverallActivity };
            if (progress.StepPercent >= 0) step.PercentComplete = Math.Min(100, progress.StepPercent);
            _cmdlet.WriteProgress(step);
        });

        public void Message(string text) => Post(() => _cmdlet.WriteVerbose(text));

        public Task BeforeStepAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) =>
            _before is null ? Task.CompletedTask : Invoke(_before, new UpgradeHookContext("BeforeStep", step, nodes, null), cancellationToken);

        public Task AfterStepAsync(UpgradeStep step, StepRecord record, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) =>
            _after is null ? Task.CompletedTask : Invoke(_after, new UpgradeHookContext("AfterStep", step, nodes, record), cancellationToken);

        private Task Invoke(ScriptBlock hook, UpgradeHookContext context, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var posted = Post(() =>
            {
                if (_stopped || cancellationToken.IsCancellationRequested) { done.TrySetCanceled(); return; }
                try
                {
                    hook.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", context) }, context);
                    done.TrySetResult(true);
                }
                catch (PipelineStoppedException)
                {
                    done.TrySetCanceled();
                    throw;
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex is RuntimeException runtime && runtime.ErrorRecord?.Exception != null ? runtime.ErrorRecord.Exception : ex);
                }
            }, evenWhenStopping: true);
            if (!posted) done.TrySetCanceled();
            return done.Task;
        }

        /// <summary>Queues work for the pipeline thread; writes are dropped once the pipeline is stopping, hooks always run (to answer the run).</summary>
        private bool Post(Action action, bool evenWhenStopping = false)
        {
            try
            {
                _work.Add(() => { if (evenWhenStopping || !_stopped) action(); });
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
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
