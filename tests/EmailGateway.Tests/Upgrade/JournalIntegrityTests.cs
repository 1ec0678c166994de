using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using EmailGateway.Lab.Description;
using EmailGateway.Model;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Journal;
using Xunit;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>A journal records its plan's step count and digest; Load refuses one cut short, edited or of another kind.</summary>
    public class JournalIntegrityTests
    {
        private static UpgradeJournalException Refused(string path) => Assert.Throws<UpgradeJournalException>(() => UpgradeJournal.Load(path));

        [Theory]
        [InlineData(LabPresets.Healthy, UpgradeRecipe.MasterInPlace)]
        [InlineData(LabPresets.Healthy, UpgradeRecipe.FailoverPromotion)]
        [InlineData(LabPresets.KB80406, UpgradeRecipe.FailoverPromotion)]
        public void A_journal_records_its_step_count_and_digest_and_reads_back(string preset, UpgradeRecipe strategy)
        {
            using var lab = UpgradeHarness.Preset(preset);
            var plan = lab.Plan(strategy, repair: preset == LabPresets.KB80406);
            lab.NewJournal(plan);

            var text = File.ReadAllText(lab.JournalPath);
            var loaded = UpgradeJournal.Load(lab.JournalPath);

            Assert.Matches(@"(?m)^format: 2$", text);
            Assert.Equal(plan.Steps.Count, loaded.Document.PlanSteps);
            Assert.Matches(@"^[0-9a-f]{64}$", loaded.Document.PlanDigest);
            Assert.Equal(plan.Steps.Select(s => s.Description), loaded.ToPlan().Steps.Select(s => s.Description));
        }

        [Fact]
        public async Task The_history_and_state_a_run_writes_do_not_change_the_digest()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            var report = await lab.RunAsync(plan, journal: lab.NewJournal(plan));
            Assert.Equal(EmailGateway.Upgrade.Reporting.UpgradeResult.Succeeded, report.Result);
            Assert.Equal("Succeeded", UpgradeJournal.Load(lab.JournalPath).Document.State);
        }

        [Fact]
        public void Every_save_writes_what_the_serializer_writes_of_the_whole_document()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            var journal = lab.NewJournal(plan);
            var whole = new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance)
                .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).DisableAliases().Build();
            var now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

            Assert.Equal(whole.Serialize(journal.Document), File.ReadAllText(lab.JournalPath));
            journal.SetState("Running", "runner", null, null, now);
            journal.Record(1, UpgradeJournal.StepStarted, 1, null, now);
            journal.Record(1, UpgradeJournal.StepFailed, 1, "error: busy: updating\nnodes: []\nsteps: []", now.AddSeconds(1));
            Assert.Equal(whole.Serialize(journal.Document), File.ReadAllText(lab.JournalPath));
            journal.SetState("Failed", null, "it stopped: 'quoted'\nsecond line", "Invoke-GatewayClusterUpgrade -Resume", now.AddSeconds(2));

            var text = File.ReadAllText(lab.JournalPath);
            Assert.Equal(whole.Serialize(journal.Document), text);
            Assert.Equal(plan.Steps.Count, UpgradeJournal.Load(lab.JournalPath).ToPlan().Steps.Count);
        }

        [Fact]
        public void A_journal_cut_after_a_step_of_its_plan_is_incomplete()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.KB80406);
            var plan = lab.Plan(UpgradeRecipe.FailoverPromotion, repair: true);
            lab.NewJournal(plan);
            var text = File.ReadAllText(lab.JournalPath);
            // Cut where step 9 begins: the file still parses, with steps 1 to 8 (as a copy interrupted mid-write would).
            var cut = Regex.Match(text, @"(?m)^- index: 9$");
            Assert.True(cut.Success);
            File.WriteAllText(lab.JournalPath, text.Substring(0, cut.Index));

            var ex = Refused(lab.JournalPath);

            Assert.Equal(UpgradeJournalException.Incomplete, ex.Reason);
            Assert.Contains(lab.JournalPath, ex.Message);
            Assert.Contains($"its plan has {plan.Steps.Count} steps, but the file holds 8", ex.Message);
        }

        [Theory]
        [InlineData(0.25)]
        [InlineData(0.5)]
        [InlineData(0.9)]
        public void A_journal_cut_anywhere_is_refused_naming_the_file(double fraction)
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            lab.NewJournal(lab.Plan(UpgradeRecipe.MasterInPlace));
            var text = File.ReadAllText(lab.JournalPath);
            File.WriteAllText(lab.JournalPath, text.Substring(0, (int)(text.Length * fraction)));

            var ex = Refused(lab.JournalPath);

            Assert.Contains(lab.JournalPath, ex.Message);
            Assert.Contains(ex.Reason, new[] { UpgradeJournalException.Incomplete, UpgradeJournalException.Unreadable, UpgradeJournalException.Altered });
        }

        [Theory]
        [InlineData("targetBuild: 7.6.4 P4", "targetBuild: 7.6.4 P5")]
        [InlineData("action: TakeOffline", "action: BringOnline")]
        [InlineData("packageSha256: ", "packageSha256: 0")]
        public void An_edited_plan_is_refused_as_altered(string from, string to)
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            lab.NewJournal(lab.Plan(UpgradeRecipe.MasterInPlace));
            var text = File.ReadAllText(lab.JournalPath);
            Assert.Contains(from, text);
            File.WriteAllText(lab.JournalPath, ReplaceFirst(text, from, to));

            var ex = Refused(lab.JournalPath);

            Assert.Equal(UpgradeJournalException.Altered, ex.Reason);
            Assert.Contains(lab.JournalPath, ex.Message);
        }

        [Fact]
        public void A_file_that_is_not_a_journal_or_one_of_an_earlier_format_is_refused()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            File.WriteAllText(lab.JournalPath, "clusters:\n  - { clusterId: 12, build: 7.6.4 P4 }\n");
            var foreign = Refused(lab.JournalPath);
            Assert.Equal(UpgradeJournalException.UnsupportedFormat, foreign.Reason);
            Assert.Contains("is not an upgrade journal", foreign.Message);

            lab.NewJournal(lab.Plan(UpgradeRecipe.MasterInPlace));
            var text = File.ReadAllText(lab.JournalPath);
            text = Regex.Replace(text, @"(?m)^(planSteps|planDigest): .*\n", string.Empty).Replace("format: 2", "format: 1");
            File.WriteAllText(lab.JournalPath, text);
            var older = Refused(lab.JournalPath);
            Assert.Equal(UpgradeJournalException.UnsupportedFormat, older.Reason);
            Assert.Contains("has format 1", older.Message);
        }

        [Fact]
        public void Yaml_that_does_not_parse_is_unreadable_with_its_line()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            File.WriteAllText(lab.JournalPath, "format: 2\nsteps: [ { index: 1\n");
            var ex = Refused(lab.JournalPath);
            Assert.Equal(UpgradeJournalException.Unreadable, ex.Reason);
            Assert.Contains(lab.JournalPath, ex.Message);
            Assert.Contains("line", ex.Message);
        }

        [Theory]
        [InlineData("action: TakeOffline", "action: Explode", "'Explode' is not a UpgradeAction")]
        [InlineData("targetBuild: 7.6.4 P4", "targetBuild: latest", "'latest'")]
        public void A_value_this_version_cannot_read_is_refused_even_with_a_matching_digest(string from, string to, string named)
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            lab.NewJournal(lab.Plan(UpgradeRecipe.MasterInPlace));
            var text = ReplaceFirst(File.ReadAllText(lab.JournalPath), from, to);
            var document = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
                .Deserialize<JournalDocument>(text);
            text = Regex.Replace(text, @"(?m)^planDigest: .*$", "planDigest: " + UpgradeJournal.PlanDigestOf(document));
            File.WriteAllText(lab.JournalPath, text);

            var ex = Refused(lab.JournalPath);

            Assert.Equal(UpgradeJournalException.Invalid, ex.Reason);
            Assert.Contains(lab.JournalPath, ex.Message);
            Assert.Contains(named, ex.Message);
        }

        [Fact]
        public void A_missing_journal_is_not_found_naming_the_path()
        {
            var path = Path.Combine(Path.GetTempPath(), "eg-no-journal-" + Guid.NewGuid().ToString("N") + ".yaml");
            var ex = Refused(path);
            Assert.Equal(UpgradeJournalException.NotFound, ex.Reason);
            Assert.Contains(path, ex.Message);
        }

        [Fact]
        public void Nodes_that_are_other_appliances_now_are_named()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            var nodes = lab.Read().ToList();
            Assert.Empty(JournalIntegrity.OtherAppliances(plan, nodes));

            var meg3 = nodes.Single(n => n.ComputerName == "meg3");
            meg3.Hostname = "elsewhere.example.net";
            var others = JournalIntegrity.OtherAppliances(plan, nodes);

            Assert.Equal(new[] { $"meg3: was {plan.Nodes.Single(n => n.ComputerName == "meg3").Hostname}, now elsewhere.example.net" }, others);
        }

        private static string ReplaceFirst(string text, string from, string to)
        {
            var at = text.IndexOf(from, StringComparison.Ordinal);
            return text.Substring(0, at) + to + text.Substring(at + from.Length);
        }
    }
}
