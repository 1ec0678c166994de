using EmailGateway.Model;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Runs
{
    /// <summary>
    /// What the world around a cluster's sessions offers an upgrade: a lab its own timings (for the plan's
    /// estimates), its mail account (for the report), run locks inside the process and a journal folder of its own;
    /// real appliances the default timings, no account, the run locks every user of the machine shares and
    /// the default journal folder.
    /// </summary>
    public sealed class UpgradeSite
    {
        public UpgradeSite(PlanTimings? timings = null, IServiceAccount? account = null, IRunLockTable? runLocks = null, string? journalFolder = null)
        {
            Timings = timings ?? new PlanTimings();
            Account = account;
            RunLocks = runLocks ?? new MachineRunLocks();
            JournalFolder = journalFolder;
        }

        /// <summary>Real appliances: default timings, no mail account, the machine's run locks.</summary>
        public static UpgradeSite Appliances => new UpgradeSite();

        public PlanTimings Timings { get; }
        public IServiceAccount? Account { get; }

        /// <summary>Where the clusters' run locks live: one per cluster (segment and id).</summary>
        public IRunLockTable RunLocks { get; }

        /// <summary>The cluster's journal when none is given: one per cluster (segment and id) and master, in the site's folder or the default one.</summary>
        public string DefaultJournalPath(ClusterKey cluster, string? master)
        {
            var path = UpgradeJournal.DefaultPath(cluster, master);
            return JournalFolder is null ? path : System.IO.Path.Combine(JournalFolder, System.IO.Path.GetFileName(path));
        }

        /// <summary>Where the site keeps its journals (a lab's own folder, removed with the lab); null for the default folder.</summary>
        public string? JournalFolder { get; }
    }
}
