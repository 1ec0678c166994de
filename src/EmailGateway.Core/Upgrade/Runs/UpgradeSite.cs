using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Runs
{
    /// <summary>
    /// What the world around a cluster's sessions offers an upgrade: a lab its own timings (for the plan's
    /// estimates), its mail account (for the report) and its name (for the journal's); real appliances none.
    /// </summary>
    public sealed class UpgradeSite
    {
        public UpgradeSite(string? labName = null, PlanTimings? timings = null, IServiceAccount? account = null, string? journalFolder = null)
        {
            LabName = labName;
            Timings = timings ?? new PlanTimings();
            Account = account;
            JournalFolder = journalFolder;
        }

        /// <summary>Real appliances: default timings, no mail account.</summary>
        public static UpgradeSite Appliances { get; } = new UpgradeSite();

        public string? LabName { get; }
        public PlanTimings Timings { get; }
        public IServiceAccount? Account { get; }

        /// <summary>Where the site keeps its journals (a lab's own folder, removed with the lab); null for the default folder.</summary>
        public string? JournalFolder { get; }

        /// <summary>The cluster's journal when none is given: one per cluster and master, in the site's folder or the default one.</summary>
        public string DefaultJournalPath(int clusterId, string? master)
        {
            var path = UpgradeJournal.DefaultPath(clusterId, master);
            return JournalFolder is null ? path : System.IO.Path.Combine(JournalFolder, System.IO.Path.GetFileName(path));
        }
    }
}
