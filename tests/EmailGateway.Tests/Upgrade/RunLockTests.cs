using System.Diagnostics;
using System.Runtime.InteropServices;
using EmailGateway.Lab.Description;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Journal;
using EmailGateway.Upgrade.Locking;
using EmailGateway.Upgrade.Planning;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>One run per cluster, whoever starts it: the machine-wide lock table, and the preflight's look for a cluster mid-change.</summary>
    public sealed class RunLockTests : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "eg-run-locks-" + Guid.NewGuid().ToString("N"));
        private static readonly ClusterKey Site = new ClusterKey("frankfurt", new ClusterId(12));

        public void Dispose()
        {
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }

        [Fact]
        public void A_second_run_on_the_same_cluster_is_refused_whatever_its_journal_and_told_who_holds_it()
        {
            var locks = new MachineRunLocks(_directory);
            Assert.True(locks.TryAcquire(Site, "process 1 on jump1 (alice), journal /home/alice/a.yaml", out var first, out _));
            using (first)
            {
                // Another table over the same directory: another admin's run on this machine.
                var other = new MachineRunLocks(_directory);
                Assert.False(other.TryAcquire(new ClusterKey("FRANKFURT", new ClusterId(12)), "process 2 on jump1 (bob), journal /home/bob/b.yaml", out var second, out var heldBy));
                Assert.Null(second);
                Assert.Contains("alice", heldBy);
                Assert.Contains(locks.PathFor(Site), heldBy);
                Assert.Contains("alice", other.HolderOf(Site));
                // Other clusters are not held up.
                Assert.True(other.TryAcquire(new ClusterKey("paris", new ClusterId(12)), "bob", out var paris, out _));
                paris!.Dispose();
                Assert.True(other.TryAcquire(new ClusterKey("frankfurt", new ClusterId(13)), "bob", out var thirteen, out _));
                thirteen!.Dispose();
            }
            Assert.Null(locks.HolderOf(Site));
            Assert.Empty(Directory.GetFiles(_directory, "*.holder"));
            Assert.True(locks.TryAcquire(Site, "again", out var again, out _));
            again!.Dispose();
        }

        [Fact]
        public void Segment_names_become_distinct_file_names()
        {
            Assert.Equal("cluster-12.lock", MachineRunLocks.FileName(new ClusterKey(null, new ClusterId(12))));
            var slash = MachineRunLocks.FileName(new ClusterKey("Fleet/site-001", new ClusterId(12)));
            var underscore = MachineRunLocks.FileName(new ClusterKey("Fleet_site-001", new ClusterId(12)));
            Assert.StartsWith("cluster-fleet_site-001-", slash);
            Assert.NotEqual(slash, underscore);
            Assert.Equal(slash, MachineRunLocks.FileName(new ClusterKey("FLEET/Site-001", new ClusterId(12))));
        }

        [Fact]
        public void A_clusters_journal_is_named_like_its_lock()
        {
            var site = new ClusterKey("Fleet/site-001", new ClusterId(12));
            var journal = Path.GetFileName(UpgradeJournal.DefaultPath(site, "mx1.site"));
            Assert.Equal(Path.GetFileNameWithoutExtension(MachineRunLocks.FileName(site)) + "-mx1.site.journal.yaml", journal);
            Assert.Equal("cluster-12-mx1.journal.yaml", Path.GetFileName(UpgradeJournal.DefaultPath(new ClusterKey(" ", new ClusterId(12)), "mx1")));
            Assert.NotEqual(journal, Path.GetFileName(UpgradeJournal.DefaultPath(new ClusterKey("Fleet_site-001", new ClusterId(12)), "mx1.site")));
        }

        [Fact]
        public void A_lock_held_by_another_process_through_flock_is_respected()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || !File.Exists("/usr/bin/flock")) return; // util-linux flock(1) is the oracle
            var locks = new MachineRunLocks(_directory);
            Assert.True(locks.TryAcquire(Site, "setup", out var setup, out _));
            setup!.Dispose();
            using var holder = Process.Start(new ProcessStartInfo("/usr/bin/flock", $"-x \"{locks.PathFor(Site)}\" -c \"echo held; exec sleep 30\"")
            { RedirectStandardOutput = true, UseShellExecute = false })!;
            try
            {
                Assert.Equal("held", holder.StandardOutput.ReadLine());
                Assert.False(locks.TryAcquire(Site, "me", out _, out var heldBy));
                Assert.Contains("another run", heldBy);
            }
            finally
            {
                holder.Kill(entireProcessTree: true);
                holder.WaitForExit();
            }
            // The lock goes with the last process that had it open (flock's child dies a moment after flock).
            RunLock? mine = null;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!locks.TryAcquire(Site, "me", out mine, out _) && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.NotNull(mine);
            mine!.Dispose();
        }

        [Fact]
        public void A_link_planted_where_a_lock_would_be_is_refused_and_its_target_untouched()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            var locks = new MachineRunLocks(_directory);
            Assert.True(locks.TryAcquire(Site, "setup", out var setup, out _));
            setup!.Dispose();
            File.Delete(locks.PathFor(Site));
            var victim = Path.Combine(_directory, "victim.txt");
            File.WriteAllText(victim, "precious");
            File.CreateSymbolicLink(locks.PathFor(Site), victim);
            var error = Assert.Throws<UnauthorizedAccessException>(() => locks.TryAcquire(Site, "me", out _, out _));
            Assert.Contains("symbolic link", error.Message);
            Assert.Equal("precious", File.ReadAllText(victim));
        }

        [Fact]
        public void The_lock_directory_is_shared_by_every_user_and_sticky()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            var locks = new MachineRunLocks(_directory);
            Assert.True(locks.TryAcquire(Site, "me", out var held, out _));
            held!.Dispose();
            var mode = File.GetUnixFileMode(_directory);
            Assert.True(mode.HasFlag(UnixFileMode.StickyBit) && mode.HasFlag(UnixFileMode.OtherWrite), $"mode {mode}");
            Assert.True(File.GetUnixFileMode(locks.PathFor(Site)).HasFlag(UnixFileMode.OtherRead));
        }

        [Fact]
        public void The_default_directory_is_the_machine_wide_one_unless_moved()
        {
            var saved = Environment.GetEnvironmentVariable(MachineRunLocks.DirectoryVariable);
            try
            {
                Environment.SetEnvironmentVariable(MachineRunLocks.DirectoryVariable, null);
                var expected = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "run-locks" : "/tmp/EmailGateway-run-locks";
                Assert.EndsWith(expected, MachineRunLocks.DefaultDirectory);
                Environment.SetEnvironmentVariable(MachineRunLocks.DirectoryVariable, _directory);
                Assert.Equal(_directory, new MachineRunLocks().Directory);
            }
            finally
            {
                Environment.SetEnvironmentVariable(MachineRunLocks.DirectoryVariable, saved);
            }
        }

        [Fact]
        public void The_preflight_refuses_a_cluster_visibly_mid_change()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var nodes = lab.Read().ToList();
            // What another run's first steps leave: the failover and a scanner offline on the master's build.
            nodes.Single(n => n.ComputerName == "meg2").NetworkState = NetworkState.Offline;
            nodes.Single(n => n.ComputerName == "meg3").NetworkState = NetworkState.Offline;
            var check = UpgradePlanner.Create(new UpgradeRequest(UpgradeHarness.Target, UpgradeRecipe.MasterInPlace), nodes).FailedChecks.Single(c => c.Name == "NotMidChange");
            Assert.Contains("meg2 (failover) is offline on the master's build 7.6.4 P3", check.Reason);
            Assert.Contains("meg3", check.Reason);
            Assert.Contains("-Resume", check.Remedy);
        }

        [Fact]
        public void The_preflight_refuses_a_standalone_node_on_the_virtual_ip_and_a_node_still_updating()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var nodes = lab.Read().ToList();
            var failover = nodes.Single(n => n.ComputerName == "meg2");
            failover.Mode = ClusterMode.Standalone;
            failover.Address = failover.VirtualIp;
            nodes.Single(n => n.ComputerName == "meg4").Power = PowerState.Updating;
            var failed = UpgradePlanner.Create(new UpgradeRequest(UpgradeHarness.Target, UpgradeRecipe.MasterInPlace), nodes).FailedChecks;
            Assert.Contains("standalone on the virtual IP", failed.Single(c => c.Name == "NotMidChange").Reason);
            Assert.Contains("meg4 is updating", failed.Single(c => c.Name == "Running").Reason);
        }

        [Fact]
        public void A_member_already_on_the_target_and_offline_is_KB80406_workaround_1_not_a_change_under_way()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var nodes = lab.Read().ToList();
            nodes.Single(n => n.ComputerName == "meg2").NetworkState = NetworkState.Offline;
            var plan = UpgradePlanner.Create(new UpgradeRequest(UpgradeHarness.Target, UpgradeRecipe.MasterInPlace), nodes);
            Assert.True(plan.Preflight.Single(c => c.Name == "NotMidChange").Passed);
        }
    }
}
