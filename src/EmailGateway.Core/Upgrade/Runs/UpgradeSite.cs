using EmailGateway.Model;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Runs
{
    /// <summary>
    /// What the world around a cluster's sessions offers an upgrade: a lab its own timings (for the plan's
    /// estimates), its mail account (for the report) and run locks inside the process; real appliances the
    /// default timings, no account, and the run locks every user of the machine shares.
    /// </summary>
    public sealed class UpgradeSite
    {
        public UpgradeSite(PlanTimings? timings = null, IServiceAccount? account = null, IRunLockTable? runLocks = null)
        {
            Timings = timings ?? new PlanTimings();
            Account = account;
            RunLocks = runLocks ?? new MachineRunLocks();
        }

        /// <summary>Real appliances: default timings, no mail account, the machine's run locks.</summary>
        public static UpgradeSite Appliances => new UpgradeSite();

        public PlanTimings Timings { get; }
        public IServiceAccount? Account { get; }

        /// <summary>Where the clusters' run locks live: one per cluster (segment and id).</summary>
        public IRunLockTable RunLocks { get; }

        /// <summary>The cluster's journal when none is given: one per cluster (segment and id) and master.</summary>
        public string DefaultJournalPath(ClusterKey cluster, string? master) => UpgradeJournal.DefaultPath(cluster, master);
    }
}
