using System.Text.RegularExpressions;
using EmailGateway.Consistency;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Rules;
using EmailGateway.Transport.Ssh;
using EmailGateway.Updates;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// The upgrade orchestrator end to end over real SSH: the KB80406 cluster behind sshd, upgraded by recipe B
/// (FailoverPromotion with the interim repair) on the real clock, packages uploaded by SFTP, journaled.
/// The lab's own account (read from its state file afterwards) has no new violation and no rejected mail.
/// </summary>
public sealed class UpgradeOverSshTests : IClassFixture<UpgradeOverSshTests.Kb80406Lab>
{
    private readonly Kb80406Lab _lab;

    public UpgradeOverSshTests(Kb80406Lab lab) => _lab = lab;

    [SshdFact]
    public async Task FailoverPromotion_upgrades_the_KB80406_cluster_over_ssh()
    {
        var sessions = await _lab.OpenAsync();
        try
        {
            var clients = sessions.ToDictionary(s => s.ComputerName, s => s.CreateClient());
            var nodes = new List<GatewayNode>();
            foreach (var client in clients.Values) nodes.Add(await client.GetStatusAsync(default));

            var package = UpdatePackage.Create(Path.Combine(_lab.Lab.Directory, "meg-7.6.4-P4.pkg"), "MEG", GatewayBuild.Parse("7.6.4 P4"));
            var request = new UpgradeRequest(package.Build, UpgradeRecipe.FailoverPromotion) { RepairInterim = true, Product = package.Product };
            var plan = UpgradePlanner.Create(request, nodes);
            Assert.True(plan.IsRunnable, string.Join("; ", plan.FailedChecks));

            // The lab runs 120 times faster than real time: a 20-minute update takes 10 s, a takeover 25 ms.
            var options = new UpgradeOptions
            {
                PollInterval = TimeSpan.FromMilliseconds(100),
                BootPollInterval = TimeSpan.FromMilliseconds(500),
                RetryDelay = TimeSpan.FromSeconds(1),
                GateTimeout = TimeSpan.FromSeconds(60),
                UpdateTimeout = TimeSpan.FromMinutes(2),
                RestartTimeout = TimeSpan.FromMinutes(1),
                DrainTimeout = TimeSpan.FromSeconds(60),
            };
            var journalPath = Path.Combine(_lab.Lab.Directory, "upgrade.journal.yaml");
            var journal = UpgradeJournal.Create(journalPath, plan, package.Path, package.Sha256, DateTimeOffset.UtcNow);
            Assert.True(new MachineRunLocks(Path.Combine(_lab.Lab.Directory, "run-locks")).TryAcquire(plan.Cluster, RunLock.Describe(), out var runLock, out _));
            UpgradeReport report;
            using (runLock)
                report = await new UpgradeOrchestrator(plan, clients, package, options, journal: journal).RunAsync();

            Assert.True(report.Succeeded, report.Error);
            Assert.All(report.BuildsAfter.Values, build => Assert.Equal("7.6.4 P4", build));
            Assert.Empty(report.Violations);
            Assert.Equal("Succeeded", UpgradeJournal.Load(journalPath).Document.State);

            var after = new List<GatewayNode>();
            foreach (var client in clients.Values) after.Add(await client.GetStatusAsync(default));
            var result = new ConsistencyChecker().Check(after).Single();
            Assert.True(result.InDesiredState, string.Join("; ", result.Findings));

            // The lab's account, as the appliances kept it in their shared state file.
            var lab = LabWorld.Load(_lab.Lab.StatePath).GetReport();
            Assert.Equal(0, lab.RejectedDeliveries);
            var found = Assert.Single(lab.Violations);
            Assert.Equal(KbRules.MixedBuild.Hazard, found.Name);
            Assert.False(found.IsOpen);
            // Mail stopped only during the two switch-overs (B.4 and B.6), each back to back.
            var timeline = lab.Timeline.ToList();
            var outages = new[] { Switchover(timeline, "meg1", "meg2"), Switchover(timeline, "meg2", "meg1") };
            Assert.Equal(lab.OutageSeconds, outages.Sum(o => o.TotalSeconds), 3);
            // Each costs a takeover (3 lab seconds) plus the real time between the two commands (a round trip),
            // which the lab's clock multiplies by its time scale: seconds at most even on a loaded machine,
            // where a wait in between (for a gate, a poll or a retry) would show as a minute or more.
            Assert.All(outages, outage => Assert.InRange(outage.TotalSeconds / TimeScale, 3 / TimeScale, 3 / TimeScale + 10));
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }

    private const double TimeScale = 120;

    /// <summary>
    /// How long the virtual IP went unserved when <paramref name="leaving"/> released it, checking from the lab's
    /// timeline that the next command any appliance received brought <paramref name="entering"/> online.
    /// </summary>
    private static TimeSpan Switchover(IReadOnlyList<LabTimelineEntry> timeline, string leaving, string entering)
    {
        var shown = string.Join("\n", timeline.Select(e => $"{e.Time:HH:mm:ss.fff} {e.Text}"));
        var released = timeline.Select((entry, index) => (entry, index)).First(e => e.entry.Text.StartsWith($"{leaving}: released ", StringComparison.Ordinal));
        var after = timeline.Skip(released.index + 1).ToList();
        var commands = after.Where(e => Regex.IsMatch(e.Text, @"^[\w.-]+> ")).Take(2).Select(e => e.Text).ToList();
        // The release command is noted once it has run, after the release it caused.
        Assert.True(commands.Count == 2 && commands[0].StartsWith($"{leaving}> ", StringComparison.Ordinal)
            && commands[1].StartsWith($"{entering}> set network online", StringComparison.Ordinal), shown);
        var served = after.First(e => e.Text.StartsWith($"{entering}: serves ", StringComparison.Ordinal));
        return served.Time - released.entry.Time;
    }

    public sealed class Kb80406Lab : Kb80406SshLab
    {
        public Kb80406Lab() : base(firstOctet: 40, timeScale: UpgradeOverSshTests.TimeScale)
        {
        }
    }
}
