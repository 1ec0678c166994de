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

    [Fact]
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
            // Two switch-overs. Over SSH each costs a takeover (3 lab seconds) plus the real time between
            // the two commands (a round trip each), which the lab's clock multiplies by its time scale.
            var realOutage = lab.OutageSeconds / TimeScale;
            Assert.InRange(realOutage, 2 * 3 / TimeScale, 2.0);
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }

    private const double TimeScale = 120;

    public sealed class Kb80406Lab : Kb80406SshLab
    {
        public Kb80406Lab() : base(firstOctet: 40, timeScale: UpgradeOverSshTests.TimeScale)
        {
        }
    }
}
