using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Consistency;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>A lab, clients to its nodes, a package for the next Patch and a journal in a temporary folder.</summary>
    internal sealed class UpgradeHarness : IDisposable
    {
        public static readonly GatewayBuild Target = GatewayBuild.Parse(LabPresets.NextBuild);
        private readonly string _folder;

        public UpgradeHarness(LabWorld world)
        {
            World = world;
            _folder = Path.Combine(Path.GetTempPath(), "eg-upgrade-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
            Package = UpdatePackage.Create(Path.Combine(_folder, "meg-7.6.4-P4.pkg"), "MEG", Target, 2048);
            JournalPath = Path.Combine(_folder, "journal.yaml");
            Clients = world.NodeNames.ToDictionary(n => n, n => new GatewayClient(new TracingTransport(world.CreateTransport(n), this)), StringComparer.OrdinalIgnoreCase);
        }

        public static UpgradeHarness Preset(string name) => new UpgradeHarness(LabWorld.FromPreset(name));

        /// <summary>A healthy cluster of one master, one failover and <paramref name="scanners"/> scanners.</summary>
        public static UpgradeHarness Cluster(int scanners)
        {
            var yaml = new StringBuilder(@"settings: { name: big, virtualIp: 192.0.2.10, mailPerSecond: 1, timings: { update: 20m, restart: 5m, vrrpTakeover: 3s, configPush: 60s, queueHold: 5s } }
nodes:
  - { name: meg1, hostname: meg1.example.com, build: 7.6.4 P3, mode: master, clusterId: 12, virtualIp: 192.0.2.10, address: 192.0.2.11, helo: mail.example.com, sync: source, network: online, revision: 42 }
  - { name: meg2, hostname: meg2.example.com, build: 7.6.4 P3, mode: failover, clusterId: 12, virtualIp: 192.0.2.10, address: 192.0.2.12, helo: mail.example.com, sync: in-sync, network: online, revision: 42 }
");
            for (var i = 0; i < scanners; i++)
                yaml.Append($"  - {{ name: scan{i + 1}, hostname: scan{i + 1}.example.com, build: 7.6.4 P3, mode: scanner, clusterId: 12, address: 192.0.2.{20 + i}, helo: mail.example.com, sync: in-sync, network: online, revision: 42 }}\n");
            return new UpgradeHarness(LabWorld.FromYaml(yaml.ToString()));
        }

        public LabWorld World { get; }
        public UpdatePackage Package { get; }
        public string JournalPath { get; }
        public IReadOnlyDictionary<string, GatewayClient> Clients { get; }

        /// <summary>Called after every command a node executes (not status reads): lets a test act mid-step.</summary>
        public Action<string, string>? AfterCommand { get; set; }

        public IReadOnlyList<GatewayNode> Read() => World.GetStatuses();

        public UpgradePlan Plan(UpgradeRecipe strategy, InterimMode interim = InterimMode.Master, bool repair = false, int batchSize = 0, PreflightContext? context = null) =>
            UpgradePlanner.Create(new UpgradeRequest(Target, strategy) { InterimMode = interim, RepairInterim = repair, ScannerBatchSize = batchSize, Product = "MEG" },
                Read(), context, World.Now);

        public static UpgradeOptions FastOptions(int maxRetries = 1) => new UpgradeOptions
        {
            MaxRetries = maxRetries,
            UpdateTimeout = TimeSpan.FromMinutes(30),
            RestartTimeout = TimeSpan.FromMinutes(10),
        };

        public UpgradeJournal NewJournal(UpgradePlan plan) => UpgradeJournal.Create(JournalPath, plan, Package.Path, Package.Sha256, World.Now);

        public Task<UpgradeReport> RunAsync(UpgradePlan plan, IUpgradeObserver? observer = null, UpgradeOptions? options = null, UpgradeJournal? journal = null,
            int firstStep = 1, bool resumed = false, CancellationToken cancellationToken = default) =>
            new UpgradeOrchestrator(plan, Clients, Package, options ?? FastOptions(), observer, journal, new LabServiceAccount(World), "lab")
                .RunAsync(firstStep, resumed, cancellationToken);

        /// <summary>Reads the journal back and continues from where the nodes say the run stopped.</summary>
        public async Task<UpgradeReport> ResumeAsync(UpgradeOptions? options = null)
        {
            var journal = UpgradeJournal.Load(JournalPath);
            var plan = journal.ToPlan();
            var point = ResumePoint.Find(plan, Read(), journal.LastCompletedStep);
            if (!point.Found) throw new InvalidOperationException("cannot resume: " + point.Reason);
            return await RunAsync(plan, options: options, journal: journal, firstStep: point.NextStep, resumed: true);
        }

        public LabReport LabReport => World.GetReport();

        /// <summary>Violations other than the one a KB80406 lab starts with (mixed builds at time zero).</summary>
        public IReadOnlyList<LabViolation> NewViolations => LabReport.Violations.Where(v => v.From > World.Settings.Start).ToList();

        public bool ConsistentOnTarget()
        {
            var nodes = Read();
            return nodes.All(n => n.Build == Target && n.IsOnline)
                   && new ConsistencyChecker().Check(nodes).All(r => r.InDesiredState);
        }

        public void Dispose()
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }

        /// <summary>A transport that tells the harness about every command but status reads.</summary>
        private sealed class TracingTransport : IGatewayTransport
        {
            private readonly IGatewayTransport _inner;
            private readonly UpgradeHarness _harness;

            public TracingTransport(IGatewayTransport inner, UpgradeHarness harness)
            {
                _inner = inner;
                _harness = harness;
            }

            public string ComputerName => _inner.ComputerName;
            public string Kind => _inner.Kind;
            public IGatewayClock Clock => _inner.Clock;

            public async Task<EmailGateway.Protocol.CommandResult> ExecuteAsync(string commandLine, CancellationToken cancellationToken)
            {
                var result = await _inner.ExecuteAsync(commandLine, cancellationToken).ConfigureAwait(false);
                if (!commandLine.StartsWith("show ", StringComparison.Ordinal)) _harness.AfterCommand?.Invoke(ComputerName, commandLine);
                return result;
            }

            public Task UploadAsync(Stream content, string remotePath, IProgress<long>? progress, CancellationToken cancellationToken) =>
                _inner.UploadAsync(content, remotePath, progress, cancellationToken);

            public void Dispose() => _inner.Dispose();
        }
    }

    /// <summary>An observer that runs test code before and after steps, as -BeforeStep/-AfterStep would.</summary>
    internal sealed class ScriptedObserver : NullUpgradeObserver
    {
        public Action<UpgradeStep>? Before { get; set; }
        public Action<UpgradeStep, StepRecord>? After { get; set; }
        public List<string> Messages { get; } = new List<string>();
        public List<UpgradeProgress> ProgressSeen { get; } = new List<UpgradeProgress>();

        public override void Message(string text) { lock (Messages) Messages.Add(text); }
        public override void Progress(UpgradeProgress progress) { lock (ProgressSeen) ProgressSeen.Add(progress); }

        public override Task BeforeStepAsync(UpgradeStep step, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken)
        {
            Before?.Invoke(step);
            return Task.CompletedTask;
        }

        public override Task AfterStepAsync(UpgradeStep step, StepRecord record, IReadOnlyList<GatewayNode> nodes, CancellationToken cancellationToken)
        {
            After?.Invoke(step, record);
            return Task.CompletedTask;
        }
    }
}
