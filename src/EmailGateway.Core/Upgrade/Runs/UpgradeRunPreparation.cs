using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using EmailGateway.Execution;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Sessions;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Runs
{
    /// <summary>
    /// Everything an upgrade run settles before it may start: the plan (made from the nodes, handed in, or read
    /// back from a journal found for the open sessions), the package and its checksum, the sessions of every
    /// node, the journal's place and the preflight. Returns a prepared run, or the refusal that says why not;
    /// nothing is changed either way.
    /// </summary>
    public sealed class UpgradeRunPreparation
    {
        private readonly SessionRegistry _registry;
        private readonly Func<IReadOnlyList<GatewaySession>, UpgradeSite> _siteOf;
        private readonly IOperationLog _log;
        private readonly Func<IEnumerable<string>> _journalFolders;

        /// <param name="siteOf">The world of a cluster's sessions (a lab, or the real appliances).</param>
        /// <param name="journalFolders">Folders besides the default one where journals of open sites live (the labs'), searched by -Resume.</param>
        public UpgradeRunPreparation(SessionRegistry registry, Func<IReadOnlyList<GatewaySession>, UpgradeSite> siteOf, IOperationLog log, Func<IEnumerable<string>>? journalFolders = null)
        {
            _journalFolders = journalFolders ?? (() => Array.Empty<string>());
            _registry = registry ?? throw new ArgumentNullException(nameof(registry));
            _siteOf = siteOf ?? throw new ArgumentNullException(nameof(siteOf));
            _log = log ?? throw new ArgumentNullException(nameof(log));
        }

        /// <summary>Reads the named nodes and plans their upgrade (the preflight included; a failed check is in the plan, not a refusal).</summary>
        public Prepared<PlannedUpgrade> Plan(UpgradeRunRequest request, CancellationToken cancellationToken)
        {
            if (SessionsOf(_registry, request.Nodes, out var sessions) is { } refusal) return refusal;

            UpdatePackage? package;
            GatewayBuild target;
            try
            {
                (package, target) = Target(request.PackagePath, request.Sha256, request.TargetBuild);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is FormatException || ex is ArgumentException || ex is UnauthorizedAccessException)
            {
                return Refusal.From(ex, (object?)request.PackagePath ?? request.TargetBuild);
            }

            var site = _siteOf(sessions);
            var read = SessionReads.Read(sessions, _log, request.ThrottleLimit, cancellationToken);
            var nodes = read.Nodes;
            var context = new PreflightContext();
            foreach (var pair in read.Unreachable) context.Unreachable[pair.Key] = pair.Value;
            var master = nodes.FirstOrDefault(n => n.Mode == ClusterMode.Master);
            var cluster = ClusterKey.Of(master ?? nodes.FirstOrDefault() ?? new GatewayNode());
            var journalPath = request.JournalPath ?? site.DefaultJournalPath(cluster, master?.ComputerName);
            // The lock is the cluster's (segment and id), whatever the journal: two admins with their own journals meet on it.
            context.RunLockHolder = site.RunLocks.HolderOf(cluster);

            var upgrade = UpgradeOf(request, target, package, site.Timings);
            var plan = UpgradePlanner.Create(upgrade, nodes, context, nodes.Select(n => n.RetrievedAt).DefaultIfEmpty(DateTimeOffset.UtcNow).Max());
            return Prepared<PlannedUpgrade>.Ok(new PlannedUpgrade { Plan = plan, Package = package, JournalPath = journalPath });
        }

        /// <summary>Prepares a run: its plan, package, sessions and journal; a plan that failed its preflight is refused (not on -Resume).</summary>
        public Prepared<PreparedRun> Prepare(UpgradeRunRequest request, CancellationToken cancellationToken)
        {
            var warnings = new List<string>();
            UpgradeJournal? journal = null;
            PlannedUpgrade planned;
            switch (request.Source)
            {
                case RunSource.Resume:
                    var found = FindJournal(request.JournalPath, warnings);
                    if (found.IsRefused) return Prepared<PreparedRun>.Refused(found.Refusal!, warnings);
                    journal = found.Value!;
                    var fromJournal = request.PackagePath is null;
                    var package = OpenPackage(request.PackagePath ?? journal.Document.PackagePath, request.Sha256 ?? journal.Document.PackageSha256, fromJournal,
                        expectedFromJournal: request.Sha256 is null, warnings);
                    if (package.IsRefused) return Prepared<PreparedRun>.Refused(package.Refusal!);
                    planned = new PlannedUpgrade { Plan = journal.ToPlan(), Package = package.Value, JournalPath = journal.Path };
                    break;
                case RunSource.Plan:
                case RunSource.Steps:
                    var given = request.Plan is { } handed ? Prepared<UpgradePlan>.Ok(handed) : PlanOfSteps(request.Steps);
                    if (given.IsRefused) return Prepared<PreparedRun>.Refused(given.Refusal!);
                    var opened = OpenPackage(request.PackagePath, request.Sha256, fromJournal: false, expectedFromJournal: false, warnings);
                    if (opened.IsRefused) return Prepared<PreparedRun>.Refused(opened.Refusal!);
                    planned = new PlannedUpgrade { Plan = given.Value!, Package = opened.Value, JournalPath = request.JournalPath };
                    break;
                default:
                    var made = Plan(request, cancellationToken);
                    if (made.IsRefused) return Prepared<PreparedRun>.Refused(made.Refusal!);
                    planned = made.Value!;
                    break;
            }

            var plan = planned.Plan;
            var (sessions, missing) = SessionReads.Find(_registry, plan.Nodes.Select(n => n.ComputerName));
            if (missing.Count > 0)
                return Refusal.Because("SessionNotFound", RefusalKind.NotFound, $"No session for {string.Join(", ", missing)}: every node of the plan must be reachable.", missing.ToArray());
            var site = _siteOf(sessions);
            planned.JournalPath ??= site.DefaultJournalPath(plan.Cluster, plan.Master);
            var resume = request.Source == RunSource.Resume;
            if (!resume && !plan.IsRunnable)
                return Refusal.Because("PreflightFailed", RefusalKind.InvalidOperation,
                    $"The upgrade of {plan.Cluster} did not pass its preflight ({plan.FailedChecks.Count} failed check(s): {string.Join(", ", plan.FailedChecks.Select(c => c.Name))}); nothing was changed.", plan);
            if (!resume && planned.Package is null && NeedsPackage(plan))
                return Refusal.Because("PackageRequired", RefusalKind.InvalidArgument, $"The plan installs {plan.TargetBuild}; give the update package with -Path.");
            return Prepared<PreparedRun>.Ok(new PreparedRun(planned, journal, sessions, site, request), warnings);
        }

        /// <summary>The sessions of the nodes named; refuses no nodes, and names without a session.</summary>
        internal static Refusal? SessionsOf(SessionRegistry registry, IReadOnlyList<string> names, out IReadOnlyList<GatewaySession> sessions)
        {
            sessions = Array.Empty<GatewaySession>();
            if (names.Count == 0)
                return Refusal.Because("NoNodes", RefusalKind.InvalidArgument, "No nodes were given. Pipe the cluster's nodes in: Get-GatewayNode -ClusterId <id> | ...");
            var (found, missing) = SessionReads.Find(registry, names);
            sessions = found;
            return missing.Count == 0 ? null : Refusal.Because("SessionNotFound", RefusalKind.NotFound,
                $"No session named {string.Join(", ", missing)}. Open them with New-GatewaySession or New-GatewayLab; Get-GatewaySession lists the open ones.", missing.ToArray());
        }

        /// <summary>The planner's request: the recipe as asked, the target, the package's product and the site's timings.</summary>
        internal static UpgradeRequest UpgradeOf(UpgradeRunRequest request, GatewayBuild target, UpdatePackage? package, PlanTimings timings) =>
            new UpgradeRequest(target, request.Recipe)
            {
                InterimMode = request.InterimMode,
                ScannerBatchSize = request.ScannerBatchSize,
                RepairInterim = request.RepairInterim,
                Product = package?.Product,
                Timings = timings,
            };

        /// <summary>The package names the target build, or -TargetBuild does (planning only); both must agree.</summary>
        internal static (UpdatePackage? Package, GatewayBuild Target) Target(string? packagePath, string? sha256, string? targetBuild)
        {
            if (sha256 != null && packagePath is null) throw new ArgumentException("-Sha256 checks the update package given with -Path; give -Path too.");
            var package = packagePath is null ? null : UpdatePackage.Open(packagePath, sha256);
            GatewayBuild? target = null;
            if (targetBuild != null && !GatewayBuild.TryParse(targetBuild, out target, out var error)) throw new FormatException(error);
            if (package is null && target is null)
                throw new ArgumentException("Name the build to upgrade to: -Path <update package> (its header names the build) or -TargetBuild <build>.");
            if (package != null && target != null && package.Build != target)
                throw new ArgumentException($"The package '{System.IO.Path.GetFileName(package.Path)}' installs {package.Build}, not the -TargetBuild {target}.");
            return (package, package?.Build ?? target!);
        }

        private static Prepared<UpgradePlan> PlanOfSteps(IReadOnlyList<UpgradeStep> steps)
        {
            var plans = steps.Select(UpgradePlan.Of).Distinct().ToList();
            if (plans.Count != 1 || plans[0] is null)
                return Refusal.Because("InvalidPlan", RefusalKind.InvalidArgument,
                    plans.Any(p => p is null)
                        ? "The steps did not come from Get-GatewayUpgradePlan in this session; pipe its output in directly, or use -Plan."
                        : "The steps come from more than one plan; upgrade one cluster at a time.");
            var plan = plans[0]!;
            if (steps.Select(s => s.Index).Distinct().Count() != plan.Steps.Count)
                return Refusal.Because("InvalidPlan", RefusalKind.InvalidArgument,
                    $"Only {steps.Count} of the plan's {plan.Steps.Count} steps were piped in; an upgrade runs its whole plan (a stopped run continues with -Resume).");
            return Prepared<UpgradePlan>.Ok(plan);
        }

        /// <summary>The journal given, or the one unfinished journal (in the default folder or an open lab's) whose nodes all have open sessions.</summary>
        private Prepared<UpgradeJournal> FindJournal(string? journalPath, List<string> warnings)
        {
            var found = FindJournals(journalPath);
            warnings.AddRange(found.Warnings);
            if (found.IsRefused) return found.Refusal!;
            if (found.Value!.Count == 1) return Prepared<UpgradeJournal>.Ok(found.Value[0]);
            return Refusal.Because("JournalNotFound", RefusalKind.NotFound,
                $"Several unfinished journals match the open sessions ({string.Join(", ", found.Value.Select(c => c.Path))}); give -JournalPath.", journalPath ?? UpgradeJournal.DefaultFolder);
        }

        /// <summary>
        /// The journal a path names; or, for a folder (the default folder when none is given), every unfinished
        /// journal in it whose nodes all have open sessions: several are a rollout to continue, each from its own.
        /// </summary>
        public Prepared<IReadOnlyList<UpgradeJournal>> FindJournals(string? journalPath)
        {
            var warnings = new List<string>();
            try
            {
                if (journalPath != null && !Directory.Exists(journalPath))
                    return Prepared<IReadOnlyList<UpgradeJournal>>.Ok(new[] { UpgradeJournal.Load(journalPath) });
                // Without a path: the default folder and the open labs' own folders.
                var folders = journalPath != null ? new List<string> { journalPath } : new[] { UpgradeJournal.DefaultFolder }.Concat(_journalFolders()).ToList();
                var candidates = folders.Where(Directory.Exists)
                    .SelectMany(f => Directory.GetFiles(f, "*.journal.yaml")).Select(path => LoadCandidate(path, warnings)).Where(j => j != null).Select(j => j!)
                    .Where(j => j.Document.State != "Succeeded" && j.Document.Nodes.All(n => _registry.TryGet(n.Name, out _))).ToList();
                if (candidates.Count > 0) return Prepared<IReadOnlyList<UpgradeJournal>>.Ok(candidates, warnings);
                return Prepared<IReadOnlyList<UpgradeJournal>>.Refused(Refusal.Because("JournalNotFound", RefusalKind.NotFound,
                    $"No unfinished upgrade journal for the open sessions was found in {string.Join(" or ", folders)}; give -JournalPath.", folders[0]), warnings);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is InvalidDataException || ex is IOException)
            {
                return Refusal.From(ex, journalPath);
            }
        }

        /// <summary>A journal found by -Resume, or null (with a warning) when it cannot be trusted: one bad file does not hide the others.</summary>
        private static UpgradeJournal? LoadCandidate(string path, List<string> warnings)
        {
            try
            {
                return UpgradeJournal.Load(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                warnings.Add($"Skipped: {ex.Message}");
                return null;
            }
        }

        /// <summary>
        /// Opens and verifies the package (against -Sha256 or the journal's checksum when given). A damaged or
        /// unverifiable package is refused; a journal's package that cannot be opened is only a warning: the
        /// remaining steps may need none.
        /// </summary>
        internal static Prepared<UpdatePackage> OpenPackage(string? path, string? expectedSha256, bool fromJournal, bool expectedFromJournal, List<string> warnings)
        {
            if (path is null) return Prepared<UpdatePackage>.Ok(null);
            try
            {
                return Prepared<UpdatePackage>.Ok(UpdatePackage.Open(path, expectedSha256));
            }
            catch (UpdatePackageException ex) when (expectedFromJournal && ex.Reason == UpdatePackageException.ChecksumMismatch)
            {
                return Refusal.Because("PackageChanged", RefusalKind.InvalidData,
                    $"The package {ex.Path} is not the one the journal recorded (SHA-256 {expectedSha256}). Give the run's package with -Path.", ex.Path);
            }
            catch (UpdatePackageException ex)
            {
                return Refusal.From(ex, path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                if (!fromJournal) return Refusal.From(ex, path);
                warnings.Add($"The package the journal names, {path}, cannot be opened ({ex.Message}). An Update step that still has work will fail; give the package with -Path.");
                return Prepared<UpdatePackage>.Ok(null);
            }
        }

        internal static bool NeedsPackage(UpgradePlan plan) =>
            plan.Steps.Any(s => s.Action == UpgradeAction.Update && s.Targets.Any(t => plan.Nodes.First(n => n.ComputerName == t).Build != plan.TargetBuild));
    }

    /// <summary>A plan with the package it installs and where its journal goes.</summary>
    public sealed class PlannedUpgrade
    {
        internal PlannedUpgrade() { }

        public UpgradePlan Plan { get; internal set; } = new UpgradePlan();
        public UpdatePackage? Package { get; internal set; }

        /// <summary>Where the run's journal goes; for a plan handed in without -JournalPath, the cluster's default once its sessions are known.</summary>
        public string? JournalPath { get; internal set; }
    }
}
