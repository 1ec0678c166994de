using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Upgrade.Orchestration
{
    /// <summary>
    /// What a run tells its caller, and the caller's hooks. Called from the run's thread; a PowerShell host
    /// marshals these to its pipeline thread. A hook that throws stops the run in a safe state.
    /// </summary>
    public interface IUpgradeObserver
    {
        void Progress(UpgradeProgress progress);

        void Message(string text);

        /// <summary>Runs before a step's first command, with the nodes as just read.</summary>
        Task BeforeStepAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken);

        /// <summary>Runs after a step's gate passed, with the step's record.</summary>
        Task AfterStepAsync(UpgradeStep step, StepRecord record, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken);
    }

    /// <summary>Where a run is: overall and within the current step.</summary>
    public sealed class UpgradeProgress
    {
        public int StepIndex { get; set; }
        public int StepCount { get; set; }
        public string KbStep { get; set; } = string.Empty;
        public string Activity { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public int OverallPercent { get; set; }

        /// <summary>-1 when the step's own progress is not known.</summary>
        public int StepPercent { get; set; } = -1;

        public bool Completed { get; set; }
    }

    /// <summary>An observer that ignores everything (tests, rehearsals).</summary>
    public class NullUpgradeObserver : IUpgradeObserver
    {
        public virtual void Progress(UpgradeProgress progress) { }
        public virtual void Message(string text) { }
        public virtual Task BeforeStepAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) => Task.CompletedTask;
        public virtual Task AfterStepAsync(UpgradeStep step, StepRecord record, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Figures a run can read from the world it runs in: a lab's mail account. Real clusters have none.</summary>
    public interface IServiceAccount
    {
        ServiceFigures Read();
    }
}
