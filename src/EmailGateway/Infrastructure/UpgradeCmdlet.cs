using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Upgrade.Runs;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// What the two upgrade cmdlets share: the nodes by object or by name, the package and journal paths, the
    /// recipe and its options, the desired state, the preparation in Core, and how its refusals and failed
    /// preflight checks are written.
    /// </summary>
    public abstract class UpgradeCmdlet : GatewayCmdlet
    {
        protected const string NodeSet = "Node";
        protected const string NameSet = "ByName";
        private readonly List<string> _names = new List<string>();
        // Boxed, like every parameter of one of Core's value types: see ParameterBox.
        private object? _strategy;
        private object? _interimMode;
        private readonly Dictionary<string, ClusterKey> _lastSeenIn = new Dictionary<string, ClusterKey>(System.StringComparer.OrdinalIgnoreCase);

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

        /// <summary>Where the run's journal is; defaults to one file per cluster under the local application data folder. Over several clusters, a folder for their journals.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        /// <summary>How many nodes are read at once.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = EmailGateway.Execution.FanOut.DefaultThrottleLimit;

        /// <summary>The build to upgrade to, e.g. '7.6.4 P4', when it is not taken from -Path (planning; a run needs every node already on it where an update would be needed).</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string? TargetBuild { get; set; }

        /// <summary>MasterInPlace (KB80406 recipe A: service pauses while the master updates) or FailoverPromotion (recipe B: the failover serves meanwhile; two takeovers).</summary>
        [Parameter(ParameterSetName = NodeSet, Mandatory = true)]
        [Parameter(ParameterSetName = NameSet, Mandatory = true)]
        public UpgradeRecipe Strategy { get => ParameterBox.Unbox<UpgradeRecipe>(_strategy); set => _strategy = value; }

        /// <summary>FailoverPromotion only: what the failover becomes while the master updates, Master (default) or Standalone on the virtual IP.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        public InterimMode InterimMode { get => ParameterBox.Unbox(_interimMode, InterimMode.Master); set => _interimMode = value; }

        /// <summary>How many scanners update at once, in parallel; 0 (the default) updates all scanners in one batch.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [ValidateRange(0, 1024)]
        public int ScannerBatchSize { get; set; }

        /// <summary>FailoverPromotion only: re-seed a corrupt or stale failover's greeting from the master while it is offline, before it serves as interim node.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        public SwitchParameter RepairInterim { get; set; }

        /// <summary>A desired-state file: each cluster goes to the build its entry names; clusters already there are left alone.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [Parameter(ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string? DesiredStatePath { get; set; }

        /// <summary>The node names gathered from the pipeline and -ComputerName.</summary>
        protected IReadOnlyList<string> Names => _names;

        protected override void ProcessRecord()
        {
            if (Node != null)
            {
                _names.AddRange(Node.Select(n => n.ComputerName));
                foreach (var node in Node) _lastSeenIn[node.ComputerName] = ClusterKey.Of(node);
            }
            if (ComputerName != null) _names.AddRange(ComputerName);
        }

        protected UpgradeRunPreparation Preparation => new UpgradeRunPreparation(ModuleState.Current.Sessions, ModuleState.Current.Labs.SiteOf, Log, ModuleState.Current.Labs.JournalFolders);

        protected FleetRunPreparation FleetPreparation => new FleetRunPreparation(ModuleState.Current.Sessions, ModuleState.Current.Labs.SiteOf, Log, ModuleState.Current.Labs.JournalFolders);

        /// <summary>What a rollout adds: the cluster each piped node was in when it was read, and the desired state.</summary>
        protected FleetRunRequest FleetRequest(bool wavesAsked = false) => new FleetRunRequest
        {
            LastSeenIn = _lastSeenIn,
            DesiredStatePath = DesiredStatePath is null ? null : GetUnresolvedProviderPathFromPSPath(DesiredStatePath),
            WavesAsked = wavesAsked,
        };

        /// <summary>A request with the paths resolved against the current location.</summary>
        protected UpgradeRunRequest Request(RunSource source) =>
            new UpgradeRunRequest
            {
                Source = source,
                Nodes = _names.ToList(),
                PackagePath = Path is null ? null : GetUnresolvedProviderPathFromPSPath(Path),
                Sha256 = Sha256,
                JournalPath = JournalPath is null ? null : GetUnresolvedProviderPathFromPSPath(JournalPath),
                TargetBuild = TargetBuild,
                Recipe = Strategy,
                InterimMode = InterimMode,
                ScannerBatchSize = ScannerBatchSize,
                RepairInterim = RepairInterim,
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
        protected void WriteFailedChecks(UpgradePlan plan, bool nameCluster = false)
        {
            var of = nameCluster ? $" of {plan.Cluster}" : string.Empty;
            foreach (var failed in plan.FailedChecks)
                WriteError(new ErrorRecord(new System.InvalidOperationException($"Preflight check {failed.Name}{of} failed: {failed.Reason.TrimEnd('.')}. {failed.Remedy}"),
                    ErrorPrefix + "PreflightFailed", ErrorCategory.InvalidOperation, failed));
        }
    }
}
