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
        public UpgradeSite(string? labName = null, PlanTimings? timings = null, IServiceAccount? account = null)
        {
            LabName = labName;
            Timings = timings ?? new PlanTimings();
            Account = account;
        }

        /// <summary>Real appliances: default timings, no mail account.</summary>
        public static UpgradeSite Appliances { get; } = new UpgradeSite();

        public string? LabName { get; }
        public PlanTimings Timings { get; }
        public IServiceAccount? Account { get; }

        /// <summary>The cluster's journal when none is given: one per cluster and master (and lab).</summary>
        public string DefaultJournalPath(int clusterId, string? master) =>
            UpgradeJournal.DefaultPath(clusterId, LabName is null ? master : $"lab-{LabName}-{master}");
    }
}
