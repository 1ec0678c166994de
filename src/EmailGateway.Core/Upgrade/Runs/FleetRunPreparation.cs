using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.DesiredState;
using EmailGateway.Execution;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Sessions;
using EmailGateway.Transport;
using EmailGateway.Updates;
using EmailGateway.Upgrade.Fleet;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Runs
{
    /// <summary>What a rollout over many clusters adds to a run request.</summary>
    public sealed class FleetRunRequest
    {
        /// <summary>The cluster each piped node was in when it was read: a node that no longer answers fails that cluster's preflight.</summary>
        public IReadOnlyDictionary<string, ClusterKey> LastSeenIn { get; set; } = new Dictionary<string, ClusterKey>();

        /// <summary>A desired-state file (resolved path): each cluster goes to the build its entry names.</summary>
        public string? DesiredStatePath { get; set; }

        /// <summary>How the waves go: clusters at once, canaries, the failure limit.</summary>
        public FleetPolicy Policy { get; set; } = new FleetPolicy();

        /// <summary>True when waves were asked for (a throttle, canaries or a failure limit): a rollout even over one cluster.</summary>
        public bool WavesAsked { get; set; }
    }

    /// <summary>
    /// Prepares a rollout: reads every node once, plans each cluster on its own (<see cref="FleetPlanner"/>), and
    /// makes a <see cref="PreparedRun"/> for each cluster that will run, with its own journal (in the default
    /// place, or in the folder the request's JournalPath names) and its site's lock. For -Resume, one prepared run
    /// per unfinished journal. Refuses, with nothing changed, input that no cluster can be planned from.
    /// </summary>
    public sealed class FleetRunPreparation
    {
        private readonly UpgradeRunPreparation _single;
        private readonly SessionRegistry _registry;
        private readonly Func<IReadOnlyList<GatewaySession>, UpgradeSite> _siteOf;
        private readonly IOperationLog _log;

        /// <param name="journalFolders">Folders besides the default one where -Resume looks for journals (the open labs').</param>
        public FleetRunPreparation(SessionRegistry registry, Func<IReadOnlyList<GatewaySession>, UpgradeSite> siteOf, IOperationLog log, Func<IEnumerable<string>>? journalFolders = null)
        {
            // One cluster's preparation checks the arguments and is what a request that is no rollout gets.
            _single = new UpgradeRunPreparation(registry, siteOf, log, journalFolders);
            (_registry, _siteOf, _log) = (registry, siteOf, log);
        }

        /// <summary>
        /// True when the request is a rollout: its nodes were last seen in more than one cluster (segment and id) or
        /// their sessions lie in more than one segment, or it names a desired state or asks for waves.
        /// </summary>
        public bool IsRollout(UpgradeRunRequest request, FleetRunRequest fleet) =>
            request.Source == RunSource.Nodes && (fleet.DesiredStatePath != null || fleet.WavesAsked
                || request.Nodes.Where(fleet.LastSeenIn.ContainsKey).Select(n => fleet.LastSeenIn[n]).Distinct().Skip(1).Any()
                || request.Nodes.Select(n => _registry.TryGet(n, out var session) ? session.Segment : string.Empty).Distinct(ClusterKey.SegmentComparer).Skip(1).Any());

        /// <summary>
        /// Prepares what the request asks for: a rollout (<see cref="IsRollout"/>), the resumption of several
        /// unfinished journals as one, or else one cluster's run.
        /// </summary>
        public Prepared<PreparedUpgrade> PrepareAny(UpgradeRunRequest request, FleetRunRequest fleet, CancellationToken cancellationToken)
        {
            var single = _single;
            PreparedUpgrade Rollout(PreparedFleet prepared) => new PreparedUpgrade(null, prepared, fleet.Policy, request.Rehearse);
            if (IsRollout(request, fleet)) return AsUpgrade(Prepare(request, fleet, cancellationToken), Rollout);
            if (request.Source == RunSource.Resume)
            {
                var journals = single.FindJournals(request.JournalPath);
                if (journals.Value is { Count: > 1 } several)
                {
                    var resumes = PrepareResumes(request, several);
                    return AsUpgrade(resumes, Rollout, journals.Warnings.Concat(resumes.Warnings).ToList());
                }
            }
            return AsUpgrade(single.Prepare(request, cancellationToken), run => new PreparedUpgrade(run, null, fleet.Policy, request.Rehearse));
        }

        private static Prepared<PreparedUpgrade> AsUpgrade<T>(Prepared<T> prepared, Func<T, PreparedUpgrade> wrap, IReadOnlyList<string>? warnings = null) where T : class =>
            prepared.IsRefused ? Prepared<PreparedUpgrade>.Refused(prepared.Refusal!, warnings ?? prepared.Warnings)
                : Prepared<PreparedUpgrade>.Ok(wrap(prepared.Value!), warnings ?? prepared.Warnings);

        /// <summary>Reads every node once and plans each cluster (its preflight included; a failed one refuses that cluster only). Nothing is changed.</summary>
        public Prepared<FleetPlanned> Plan(UpgradeRunRequest request, FleetRunRequest fleet, CancellationToken cancellationToken)
        {
            if (UpgradeRunPreparation.SessionsOf(_registry, request.Nodes, out var sessions) is { } refusal) return refusal;

            UpdatePackage? package;
            GatewayBuild target;
            DesiredStateDefinition? desired = null;
            try
            {
                (package, target) = UpgradeRunPreparation.Target(request.PackagePath, request.Sha256, request.TargetBuild);
                if (fleet.DesiredStatePath != null) desired = DesiredStateDocument.Load(fleet.DesiredStatePath);
            }
            catch (DesiredStateException ex)
            {
                return Refusal.Because("InvalidDesiredState", RefusalKind.InvalidData, ex.Message, fleet.DesiredStatePath);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is FormatException || ex is ArgumentException || ex is UnauthorizedAccessException)
            {
                return Refusal.From(ex, (object?)fleet.DesiredStatePath ?? request.PackagePath ?? request.TargetBuild);
            }

            var read = SessionReads.Read(sessions, _log, request.ThrottleLimit, cancellationToken);
            var unread = read.Unreachable.Select(u => new UnreadNode(u.Key, u.Value, fleet.LastSeenIn.TryGetValue(u.Key, out var key) ? key : (ClusterKey?)null)).ToList();
            IReadOnlyList<GatewaySession> SessionsOf(ClusterKey cluster) =>
                read.Read.Where(r => ClusterKey.Of(r.Node) == cluster).Select(r => r.Session)
                    .Concat(sessions.Where(s => unread.Any(u => u.Name == s.ComputerName && u.LastSeenIn == cluster))).ToList();
            var upgrade = UpgradeRunPreparation.UpgradeOf(request, target, package, _siteOf(sessions).Timings);
            var plan = FleetPlanner.Plan(upgrade, read.Nodes, unread, cluster => _siteOf(SessionsOf(cluster)).RunLocks.HolderOf(cluster),
                read.Nodes.Select(n => n.RetrievedAt).DefaultIfEmpty(DateTimeOffset.UtcNow).Max(), desired);
            if (plan.Unplaced.Count > 0)
                return Refusal.Because("Unreachable", RefusalKind.Unreachable,
                    $"No answer from {string.Join("; ", plan.Unplaced.Select(u => $"{u.Name} ({u.Reason})"))}, and nothing says which cluster it belongs to, so no cluster's preflight can count it. " +
                    "Pipe the nodes in from Get-GatewayNode (each carries its cluster), or leave the node out.", plan.Unplaced.Select(u => u.Name).ToArray());
            if (plan.Members.Count == 0)
                return Refusal.Because("NoClusters", RefusalKind.InvalidArgument,
                    $"The desired state gives a build to none of the clusters read ({string.Join(", ", plan.NotGoverned)}); nothing to do.", fleet.DesiredStatePath);
            var warnings = plan.NotGoverned.Select(c => $"{c} has no build in the desired state; it is left out.").ToList();
            return Prepared<FleetPlanned>.Ok(new FleetPlanned(plan, package, SessionsOf), warnings);
        }

        /// <summary>
        /// Prepares a rollout: the plans, then a prepared run for each cluster that will run, with its own journal
        /// (the default place, or the folder the request's JournalPath names) and its site's lock.
        /// </summary>
        public Prepared<PreparedFleet> Prepare(UpgradeRunRequest request, FleetRunRequest fleet, CancellationToken cancellationToken)
        {
            if (request.JournalPath != null && !Directory.Exists(request.JournalPath))
                return Refusal.Because("JournalPathNotFolder", RefusalKind.InvalidArgument,
                    $"Over several clusters each cluster writes its own journal: -JournalPath must name an existing folder for them, and '{request.JournalPath}' is not one.", request.JournalPath);
            var planned = Plan(request, fleet, cancellationToken);
            if (planned.IsRefused) return Prepared<PreparedFleet>.Refused(planned.Refusal!, planned.Warnings);
            var (plan, package) = (planned.Value!.Plan, planned.Value.Package);
            var runnable = plan.Members.Where(m => m.Refusal is null && !m.IsCurrent).ToList();
            if (package is null && runnable.Any(m => UpgradeRunPreparation.NeedsPackage(m.Plan!)))
                return Prepared<PreparedFleet>.Refused(Refusal.Because("PackageRequired", RefusalKind.InvalidArgument,
                    $"The plans install {runnable[0].Plan!.TargetBuild}; give the update package with -Path."), planned.Warnings);

            // The rollout rehearses every cluster before it touches any, so the runs themselves do not.
            var runRequest = new UpgradeRunRequest { Options = request.Options, Rehearse = false };
            var runs = new Dictionary<ClusterKey, PreparedRun>();
            foreach (var member in runnable)
            {
                var clusterSessions = planned.Value.SessionsOf(member.Cluster);
                var site = _siteOf(clusterSessions);
                var journal = site.DefaultJournalPath(member.Cluster, member.Plan!.Master);
                if (request.JournalPath != null) journal = Path.Combine(request.JournalPath, Path.GetFileName(journal));
                runs[member.Cluster] = new PreparedRun(new PlannedUpgrade { Plan = member.Plan, Package = package, JournalPath = journal }, null, clusterSessions, site, runRequest);
            }
            return Prepared<PreparedFleet>.Ok(new PreparedFleet(plan.Members, runs, resumed: false, plan.NothingToDo), planned.Warnings);
        }

        /// <summary>One prepared run per unfinished journal (the folder given, or the default one) whose nodes all have open sessions.</summary>
        public Prepared<PreparedFleet> PrepareResumes(UpgradeRunRequest request, IReadOnlyList<UpgradeJournal> journals)
        {
            var warnings = new List<string>();
            var twice = journals.GroupBy(j => j.ToPlan().Cluster).FirstOrDefault(g => g.Count() > 1);
            if (twice != null)
                return Refusal.Because("JournalNotFound", RefusalKind.InvalidArgument,
                    $"Several unfinished journals of {twice.Key} were found ({string.Join(", ", twice.Select(j => j.Path))}); give the one to continue with -JournalPath.");
            var members = new List<FleetMember>();
            var runs = new Dictionary<ClusterKey, PreparedRun>();
            foreach (var journal in journals.OrderBy(j => j.ToPlan().Cluster))
            {
                var plan = journal.ToPlan();
                var package = UpgradeRunPreparation.OpenPackage(request.PackagePath ?? journal.Document.PackagePath, request.Sha256 ?? journal.Document.PackageSha256, request.PackagePath is null,
                    expectedFromJournal: request.Sha256 is null, warnings);
                if (package.IsRefused) return Prepared<PreparedFleet>.Refused(package.Refusal!, warnings);
                var (sessions, missing) = SessionReads.Find(_registry, plan.Nodes.Select(n => n.ComputerName));
                var member = new FleetMember(plan.Cluster, plan);
                members.Add(missing.Count == 0 ? member : member.Refuse("SessionNotFound", $"No session for {string.Join(", ", missing)}: every node of {plan.Cluster} must be reachable."));
                if (missing.Count > 0) continue;
                var planned = new PlannedUpgrade { Plan = plan, Package = package.Value, JournalPath = journal.Path };
                runs[plan.Cluster] = new PreparedRun(planned, journal, sessions, _siteOf(sessions), new UpgradeRunRequest { Options = request.Options });
            }
            return Prepared<PreparedFleet>.Ok(new PreparedFleet(members, runs, resumed: true, nothingToDo: false), warnings);
        }
    }

    /// <summary>The plans of a rollout, the package, and the sessions of each cluster.</summary>
    public sealed class FleetPlanned
    {
        internal FleetPlanned(FleetPlan plan, UpdatePackage? package, Func<ClusterKey, IReadOnlyList<GatewaySession>> sessionsOf)
        {
            Plan = plan;
            Package = package;
            SessionsOf = sessionsOf;
        }

        public FleetPlan Plan { get; }
        public UpdatePackage? Package { get; }
        internal Func<ClusterKey, IReadOnlyList<GatewaySession>> SessionsOf { get; }
    }

    /// <summary>A rollout ready to start: every cluster's member (plan, or why it is skipped or current) and a prepared run for each that runs.</summary>
    public sealed class PreparedFleet
    {
        private readonly IReadOnlyDictionary<ClusterKey, PreparedRun> _runs;

        internal PreparedFleet(IReadOnlyList<FleetMember> members, IReadOnlyDictionary<ClusterKey, PreparedRun> runs, bool resumed, bool nothingToDo)
        {
            Members = members;
            _runs = runs;
            Resumed = resumed;
            NothingToDo = nothingToDo;
        }

        public IReadOnlyList<FleetMember> Members { get; }
        public bool Resumed { get; }

        /// <summary>True when every cluster already runs its target build.</summary>
        public bool NothingToDo { get; }

        public IReadOnlyList<FleetMember> Runnable => Members.Where(m => m.Refusal is null && !m.IsCurrent).ToList();

        /// <summary>What the rollout acts on, for a confirmation prompt.</summary>
        public string Target
        {
            get
            {
                var runnable = Runnable;
                return $"{runnable.Count} cluster(s): {string.Join(", ", runnable.Take(5).Select(m => m.Cluster))}{(runnable.Count > 5 ? ", ..." : string.Empty)}";
            }
        }

        public string Action(FleetPolicy policy) =>
            Resumed ? $"Resume the upgrade of each from its journal ({policy})"
                : $"Upgrade to {Runnable.Select(m => m.Plan!.TargetBuild).FirstOrDefault()} by {Runnable.Select(m => m.Plan!.Strategy).FirstOrDefault()} ({policy})";

        /// <summary>Each step of each cluster that would run, for -WhatIf.</summary>
        public IEnumerable<(string Target, string Action)> StepActions =>
            Runnable.SelectMany(m => _runs[m.Cluster].StepActions.Select(a => ($"{m.Cluster}: {a.Target}", a.Action)));

        /// <summary>
        /// Rehearses every cluster that would run (when asked) before any is touched, then runs the rollout: each
        /// cluster's prepared run with its own observer; a refusal on the way (lock held, rehearsal objected) skips it.
        /// </summary>
        public async Task<FleetReport> ExecuteAsync(FleetPolicy policy, IFleetObserver fleetObserver, Func<int, ClusterKey, IUpgradeObserver> observerFor,
            IOperationLog log, IUpgradeTwinFactory? twins, bool rehearse, CancellationToken cancellationToken)
        {
            if (rehearse)
            {
                if (twins is null) throw new ArgumentNullException(nameof(twins), "A rehearsal needs the lab twins' factory.");
                foreach (var member in Runnable)
                {
                    try
                    {
                        member.Rehearsal = await _runs[member.Cluster].RehearseAsync(fleetObserver.Message, log, twins, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RefusedException refused)
                    {
                        member.Refuse(refused.Refusal.Reason ?? "Refused", refused.Refusal.Message);
                    }
                }
            }
            var report = await new FleetRollout(policy, fleetObserver).RunAsync(Members, async (member, slot, token) =>
            {
                try
                {
                    var run = await _runs[member.Cluster].ExecuteAsync(observerFor(slot, member.Cluster), log, null, token).ConfigureAwait(false);
                    run.Rehearsal ??= member.Rehearsal;
                    return ClusterOutcome.Ran(run);
                }
                catch (RefusedException refused)
                {
                    return ClusterOutcome.Refused(refused.Refusal.Reason ?? "Refused", refused.Refusal.Message);
                }
            }, cancellationToken).ConfigureAwait(false);
            report.Resumed = Resumed;
            return report;
        }
    }
}
