using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Upgrade.Runs;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// What the two upgrade cmdlets share: the cluster's nodes by object or by name, the package and journal
    /// paths, the preparation in Core, and how its refusals and failed preflight checks are written.
    /// </summary>
    public abstract class UpgradeCmdlet : GatewayCmdlet
    {
        protected const string NodeSet = "Node";
        protected const string NameSet = "ByName";
        private readonly List<string> _names = new List<string>();

        /// <summary>The cluster's nodes, as Get-GatewayNode returns them (pipe them in). They are read again before planning.</summary>
        [Parameter(ParameterSetName = NodeSet, Mandatory = true, ValueFromPipeline = true)]
        [Alias("InputObject")]
        [ValidateNotNull]
        public GatewayNode[]? Node { get; set; }

        /// <summary>The cluster's nodes by session name.</summary>
        [Parameter(ParameterSetName = NameSet, Mandatory = true)]
        [Alias("CN")]
        [ValidateNotNullOrEmpty]
        public string[]? ComputerName { get; set; }

        /// <summary>The update package to install; its header names the product and the target build. Binds from a piped file's FullName.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PackagePath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The SHA-256 published with the package (64 hexadecimal digits); a file that differs is refused before any node is touched. With -Resume, defaults to the SHA-256 the journal recorded.</summary>
        [Parameter]
        [Alias("Checksum")]
        [ValidatePattern("^[0-9a-fA-F]{64}$")]
        public string? Sha256 { get; set; }

        /// <summary>Where the run's journal is (and its lock beside it); defaults to one file per cluster under the local application data folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        /// <summary>How many nodes are read at once.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = EmailGateway.Execution.FanOut.DefaultThrottleLimit;

        /// <summary>The node names gathered from the pipeline and -ComputerName.</summary>
        protected IReadOnlyList<string> Names => _names;

        protected override void ProcessRecord()
        {
            if (Node != null) _names.AddRange(Node.Select(n => n.ComputerName));
            if (ComputerName != null) _names.AddRange(ComputerName);
        }

        protected UpgradeRunPreparation Preparation => new UpgradeRunPreparation(ModuleState.Current.Sessions, ModuleState.Current.Labs.SiteOf, Log, ModuleState.Current.Labs.JournalFolders);

        /// <summary>A request with the paths resolved against the current location.</summary>
        protected UpgradeRunRequest Request(RunSource source, string? targetBuild, UpgradeRecipe recipe, InterimMode interim, int scannerBatchSize, bool repairInterim) =>
            new UpgradeRunRequest
            {
                Source = source,
                Nodes = _names.ToList(),
                PackagePath = Path is null ? null : GetUnresolvedProviderPathFromPSPath(Path),
                Sha256 = Sha256,
                JournalPath = JournalPath is null ? null : GetUnresolvedProviderPathFromPSPath(JournalPath),
                TargetBuild = targetBuild,
                Recipe = recipe,
                InterimMode = interim,
                ScannerBatchSize = scannerBatchSize,
                RepairInterim = repairInterim,
                ThrottleLimit = ThrottleLimit,
            };

        /// <summary>Writes the preparation's warnings; stops the cmdlet with its refusal, if any (after the failed checks and a rehearsal's report).</summary>
        protected T Accept<T>(Prepared<T> prepared) where T : class
        {
            FlushLog();
            foreach (var warning in prepared.Warnings) WriteWarning(warning);
            if (prepared.Refusal is { } refusal) Refuse(refusal);
            return prepared.Value!;
        }

        protected void Refuse(Refusal refusal)
        {
            if (refusal.Target is UpgradePlan plan) WriteFailedChecks(plan);
            if (refusal.Target is UpgradeReport rehearsal) WriteObject(Typed(new ReportOutput(rehearsal), TypeNames.UpgradeReport));
            ThrowRefusal(refusal);
        }

        /// <summary>Each failed preflight check as an error of its own, with the reason and the remedy.</summary>
        protected void WriteFailedChecks(UpgradePlan plan)
        {
            foreach (var failed in plan.FailedChecks)
                WriteError(new ErrorRecord(new System.InvalidOperationException($"Preflight check {failed.Name} failed: {failed.Reason.TrimEnd('.')}. {failed.Remedy}"),
                    ErrorPrefix + "PreflightFailed", ErrorCategory.InvalidOperation, failed));
        }
    }
}
