using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EmailGateway.Upgrade.Journal
{
    /// <summary>
    /// The run's journal: the plan (every step and the state expected after it) and a history of step
    /// events, written to a YAML file before and after every step through a temporary file, so a crash
    /// never leaves half a journal. -Resume reads the plan back from it.
    /// </summary>
    public sealed class UpgradeJournal
    {
        public const string StepStarted = "started";
        public const string StepDone = "done";
        public const string StepAlreadyDone = "already-done";
        public const string StepFailed = "failed";
        public const string StepInterrupted = "interrupted";

        private static readonly ISerializer Writer = new SerializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .DisableAliases()
            .WithTypeInspector(inner => new CachedAttributesInspector(inner))
            .Build();

        private static readonly IDeserializer Reader = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();

        private readonly object _gate = new object();

        // The plan's nodes and steps as written. They are fixed once the journal is made (its plan digest covers
        // them) while the state and the history change at every save, so each save writes them from this text.
        private PlanText? _planText;

        private UpgradeJournal(string path, JournalDocument document)
        {
            Path = path;
            Document = document;
        }

        public string Path { get; }
        public JournalDocument Document { get; }

        /// <summary>Where journals go by default: under the user's local application data.</summary>
        public static string DefaultFolder
        {
            get
            {
                var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
                if (string.IsNullOrEmpty(root)) root = System.IO.Path.GetTempPath();
                return System.IO.Path.Combine(root, "EmailGateway", "upgrades");
            }
        }

        /// <summary>
        /// The default journal of a cluster: one file per cluster (segment and id) and master in <see cref="DefaultFolder"/>,
        /// named like the cluster's run lock (<see cref="ClusterKey.FileStem"/>) and the master: <c>cluster-12-&lt;master&gt;.journal.yaml</c>.
        /// </summary>
        public static string DefaultPath(ClusterKey cluster, string? master) =>
            System.IO.Path.Combine(DefaultFolder, $"{cluster.FileStem}-{ClusterKey.FileSafe(master ?? "cluster")}.journal.yaml");

        public static UpgradeJournal Create(string path, UpgradePlan plan, string? packagePath, string? packageSha256, DateTimeOffset now)
        {
            var document = FromPlan(plan);
            document.PackagePath = packagePath;
            document.PackageSha256 = packageSha256;
            document.CreatedAt = Time(now);
            // The digest is taken of the plan as it reads back from YAML, so that Load computes it from the same values.
            var readBack = Reader.Deserialize<JournalDocument>(Writer.Serialize(document));
            document.PlanSteps = document.Steps.Count;
            document.PlanDigest = JournalIntegrity.PlanDigest(readBack, Writer.Serialize);
            var journal = new UpgradeJournal(System.IO.Path.GetFullPath(path), document);
            journal.Save(now);
            return journal;
        }

        /// <summary>
        /// Reads a journal and checks that it can drive a run: this format, its plan complete (the recorded step count)
        /// and unchanged (the recorded digest), every value readable. Throws <see cref="UpgradeJournalException"/> naming the file.
        /// </summary>
        public static UpgradeJournal Load(string path)
        {
            var full = System.IO.Path.GetFullPath(path);
            if (!File.Exists(full))
                throw new UpgradeJournalException(UpgradeJournalException.NotFound, full,
                    $"There is no upgrade journal at '{full}'. -Resume continues a run from its journal; give -JournalPath where the run wrote it.");
            JournalDocument? document;
            var text = File.ReadAllText(full);
            try
            {
                document = Reader.Deserialize<JournalDocument>(text);
            }
            catch (Exception ex) when (YamlRoot.IsSyntaxError(ex) || ex is FormatException || ex is OverflowException)
            {
                var (line, reason) = YamlRoot.Locate(text, ex);
                throw new UpgradeJournalException(UpgradeJournalException.Unreadable, full, $"The upgrade journal '{full}' is not readable (line {line}): {reason}");
            }
            JournalIntegrity.Check(document, full, Writer.Serialize);
            var journal = new UpgradeJournal(full, document!);
            journal.ToPlan();
            return journal;
        }

        /// <summary>The plan digest of a document, as <see cref="Create"/> records it and <see cref="Load"/> checks it.</summary>
        public static string PlanDigestOf(JournalDocument document) => JournalIntegrity.PlanDigest(document, Writer.Serialize);

        public void Record(int step, string what, int attempt, string? message, DateTimeOffset now)
        {
            lock (_gate)
            {
                Document.Entries.Add(new JournalEntry { At = Time(now), Step = step, Event = what, Attempt = attempt, Message = message });
                Save(now);
            }
        }

        public void SetState(string state, string? runner, string? error, string? nextAction, DateTimeOffset now)
        {
            lock (_gate)
            {
                Document.State = state;
                Document.Runner = runner;
                Document.LastError = error;
                Document.NextAction = nextAction;
                Save(now);
            }
        }

        /// <summary>The last step the journal saw finish (done or already done), 0 when none.</summary>
        public int LastCompletedStep
        {
            get
            {
                lock (_gate)
                    return Document.Entries.Where(e => e.Event == StepDone || e.Event == StepAlreadyDone).Select(e => e.Step).DefaultIfEmpty(0).Max();
            }
        }

        public UpgradePlan ToPlan()
        {
            try
            {
                return ReadPlan();
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException || ex is InvalidDataException)
            {
                throw new UpgradeJournalException(UpgradeJournalException.Invalid, Path, $"The upgrade journal '{Path}' holds a value this version cannot read: {ex.Message}");
            }
        }

        private UpgradePlan ReadPlan()
        {
            var d = Document;
            var plan = new UpgradePlan
            {
                Strategy = Enum<UpgradeRecipe>(d.Strategy),
                InterimMode = Enum<InterimMode>(d.InterimMode),
                ClusterId = d.ClusterId,
                Segment = ClusterKey.Normalize(d.Segment),
                Product = d.Product,
                TargetBuild = GatewayBuild.Parse(d.TargetBuild),
                SourceBuild = d.SourceBuild is null ? null : GatewayBuild.Parse(d.SourceBuild),
                Master = d.Master,
                Failover = d.Failover,
                Scanners = d.Scanners.ToList(),
                ScannerBatchSize = d.ScannerBatchSize,
                RepairsInterim = d.RepairsInterim,
                VirtualIp = d.VirtualIp,
                CreatedAt = DateTimeOffset.Parse(d.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Nodes = d.Nodes.Select(n => new GatewayNode
                {
                    ComputerName = n.Name,
                    Hostname = n.Hostname,
                    Product = n.Product,
                    Build = GatewayBuild.Parse(n.Build),
                    Mode = ModeNames.ParseMode(n.Mode),
                    ClusterId = n.ClusterId,
                    Segment = d.Segment ?? string.Empty,
                    VirtualIp = n.VirtualIp,
                    NetworkState = ModeNames.ParseNetwork(n.Network),
                    Address = n.Address,
                    Helo = n.Helo,
                    Sync = ModeNames.ParseSync(n.Sync),
                    ConfigRevision = n.Revision,
                }).ToList(),
                Preflight = new[] { new PreflightCheck("Journal", true, $"plan read from {Path}") },
            };
            plan.Steps = d.Steps.Select(s => new UpgradeStep
            {
                Index = s.Index,
                KbStep = s.KbStep,
                Action = Enum<UpgradeAction>(s.Action),
                Targets = s.Targets.ToList(),
                Mode = s.Mode is null ? (ClusterMode?)null : ModeNames.ParseMode(s.Mode),
                VirtualIp = s.VirtualIp,
                Address = s.Address,
                Greeting = s.Greeting,
                Build = s.Build is null ? null : GatewayBuild.Parse(s.Build),
                Release = s.Release is null ? (ReleaseBy?)null : Enum<ReleaseBy>(s.Release),
                DrainFirst = s.DrainFirst,
                Batch = s.Batch,
                ExpectedOutage = TimeSpan.FromSeconds(s.ExpectedOutageSeconds),
                ExpectedDuration = TimeSpan.FromSeconds(s.ExpectedDurationSeconds),
                Description = s.Description,
                Note = s.Note,
                Gate = new StepGate(s.Gate.Select(ToExpectation).ToList(), s.VirtualIpHolder, s.VirtualIpHolder != null),
                ExpectedAfter = s.ExpectedAfter.Select(ToExpectation).ToList(),
            }).ToList();
            return plan;
        }

        private static JournalDocument FromPlan(UpgradePlan plan) => new JournalDocument
        {
            ClusterId = plan.ClusterId,
            Segment = plan.Segment.Length == 0 ? null : plan.Segment,
            Strategy = plan.Strategy.ToString(),
            InterimMode = plan.InterimMode.ToString(),
            Product = plan.Product,
            TargetBuild = plan.TargetBuild.ToString(),
            SourceBuild = plan.SourceBuild?.ToString(),
            Master = plan.Master,
            Failover = plan.Failover,
            Scanners = plan.Scanners.ToList(),
            ScannerBatchSize = plan.ScannerBatchSize,
            RepairsInterim = plan.RepairsInterim,
            VirtualIp = plan.VirtualIp,
            Nodes = plan.Nodes.Select(n => new JournalNode
            {
                Name = n.ComputerName,
                Hostname = n.Hostname,
                Product = n.Product,
                Build = n.Build?.ToString() ?? string.Empty,
                Mode = ModeNames.ToWire(n.Mode),
                ClusterId = n.ClusterId,
                VirtualIp = n.VirtualIp,
                Network = ModeNames.ToWire(n.NetworkState),
                Address = n.Address,
                Helo = n.Helo,
                Sync = ModeNames.ToWire(n.Sync),
                Revision = n.ConfigRevision,
            }).ToList(),
            Steps = plan.Steps.Select(s => new JournalStep
            {
                Index = s.Index,
                KbStep = s.KbStep,
                Action = s.Action.ToString(),
                Targets = s.Targets.ToList(),
                Mode = s.Mode is { } mode ? ModeNames.ToWire(mode) : null,
                VirtualIp = s.VirtualIp,
                Address = s.Address,
                Greeting = s.Greeting,
                Build = s.Build?.ToString(),
                Release = s.Release?.ToString(),
                DrainFirst = s.DrainFirst,
                Batch = s.Batch,
                ExpectedOutageSeconds = s.ExpectedOutage.TotalSeconds,
                ExpectedDurationSeconds = s.ExpectedDuration.TotalSeconds,
                Description = s.Description,
                Note = s.Note,
                VirtualIpHolder = s.Gate.VirtualIpHolder,
                Gate = s.Gate.Nodes.Select(FromExpectation).ToList(),
                ExpectedAfter = s.ExpectedAfter.Select(FromExpectation).ToList(),
            }).ToList(),
        };

        private static JournalExpectation FromExpectation(NodeExpectation e) => new JournalExpectation
        {
            Name = e.ComputerName,
            Network = e.Network is { } n ? ModeNames.ToWire(n) : null,
            Mode = e.Mode is { } m ? ModeNames.ToWire(m) : null,
            Build = e.Build?.ToString(),
            ClusterId = e.ClusterId,
            Address = e.Address,
            VirtualIp = e.VirtualIp,
            Helo = e.Helo,
            Sync = e.Sync is { } s ? ModeNames.ToWire(s) : null,
        };

        private static NodeExpectation ToExpectation(JournalExpectation e) => new NodeExpectation
        {
            ComputerName = e.Name,
            Network = e.Network is null ? (NetworkState?)null : ModeNames.ParseNetwork(e.Network),
            Mode = e.Mode is null ? (ClusterMode?)null : ModeNames.ParseMode(e.Mode),
            Build = e.Build is null ? null : GatewayBuild.Parse(e.Build),
            ClusterId = e.ClusterId,
            Address = e.Address,
            VirtualIp = e.VirtualIp,
            Helo = e.Helo,
            Sync = e.Sync is null ? (SyncState?)null : ModeNames.ParseSync(e.Sync),
        };

        private void Save(DateTimeOffset now)
        {
            Document.UpdatedAt = Time(now);
            var directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            var temporary = Path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, ToYaml());
            if (File.Exists(Path)) File.Replace(temporary, Path, null);
            else File.Move(temporary, Path);
        }

        /// <summary>The document as the serializer writes it, with the plan's nodes and steps from their text.</summary>
        internal string ToYaml()
        {
            var (nodes, steps) = (Document.Nodes, Document.Steps);
            if (_planText is null || !_planText.Covers(nodes, steps)) _planText = new PlanText(nodes, steps, Writer.Serialize(new PlanLists { Nodes = nodes, Steps = steps }));
            var outline = Writer.Serialize(Document.WithoutNodesAndSteps());
            var at = outline.IndexOf(PlanText.Placeholder, StringComparison.Ordinal);
            if (at < 0) return Writer.Serialize(Document);
            return outline.Substring(0, at + 1) + _planText.Text + outline.Substring(at + PlanText.Placeholder.Length);
        }

        /// <summary>The two plan lists alone, named as in the document, so they serialize as its lines do.</summary>
        private sealed class PlanLists
        {
            public List<JournalNode> Nodes { get; set; } = new List<JournalNode>();
            public List<JournalStep> Steps { get; set; } = new List<JournalStep>();
        }

        private sealed class PlanText
        {
            /// <summary>How the document's empty plan lists read, between the keys before and after them.</summary>
            public const string Placeholder = "\nnodes: []\nsteps: []\n";

            private readonly List<JournalNode> _nodes;
            private readonly List<JournalStep> _steps;
            private readonly int _nodeCount;
            private readonly int _stepCount;

            public PlanText(List<JournalNode> nodes, List<JournalStep> steps, string text) =>
                (_nodes, _steps, _nodeCount, _stepCount, Text) = (nodes, steps, nodes.Count, steps.Count, text);

            public string Text { get; }

            public bool Covers(List<JournalNode> nodes, List<JournalStep> steps) =>
                ReferenceEquals(nodes, _nodes) && ReferenceEquals(steps, _steps) && nodes.Count == _nodeCount && steps.Count == _stepCount;
        }

        private static string Time(DateTimeOffset time) => time.ToString("o", CultureInfo.InvariantCulture);

        private static T Enum<T>(string text) where T : struct =>
            System.Enum.TryParse<T>(text, true, out var value) && System.Enum.IsDefined(typeof(T), value)
                ? value
                : throw new InvalidDataException($"'{text}' is not a {typeof(T).Name} ({string.Join(", ", System.Enum.GetNames(typeof(T)))}).");
    }
}
