using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.World;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Reporting;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>
    /// Every step of every recipe, with a fault armed on the step's nodes as it starts: the run either copes
    /// or stops, never with a new violation or a rejected delivery; once the fault is cleared, -Resume
    /// (journal read back, nodes re-read) completes the upgrade.
    /// </summary>
    public class FaultMatrixTests
    {
        public enum Fault
        {
            UpdateFails,
            UpdateNeverReturns,
            CommandFailsOnce,
            CommandsKeepFailing,
            CorruptUpload,
            ManagementUnreachable,
            StoppedMidStep,
        }

        public static TheoryData<string, UpgradeRecipe, InterimMode, Fault> Matrix()
        {
            var data = new TheoryData<string, UpgradeRecipe, InterimMode, Fault>();
            var recipes = new[]
            {
                (LabPresets.KB80406, UpgradeRecipe.FailoverPromotion, InterimMode.Master),
                (LabPresets.Healthy, UpgradeRecipe.FailoverPromotion, InterimMode.Standalone),
                (LabPresets.Healthy, UpgradeRecipe.MasterInPlace, InterimMode.Master),
                (LabPresets.KB80406, UpgradeRecipe.MasterInPlace, InterimMode.Master),
            };
            foreach (var (preset, strategy, interim) in recipes)
                foreach (Fault fault in Enum.GetValues(typeof(Fault)))
                    data.Add(preset, strategy, interim, fault);
            return data;
        }

        [Theory]
        [MemberData(nameof(Matrix))]
        public async Task Every_step_survives_the_fault_and_resume_completes(string preset, UpgradeRecipe strategy, InterimMode interim, Fault fault)
        {
            int stepCount;
            using (var probe = UpgradeHarness.Preset(preset)) stepCount = probe.Plan(strategy, interim, repair: true).Steps.Count;
            for (var step = 1; step <= stepCount; step++)
                await RunWithFaultAt(preset, strategy, interim, fault, step);
        }

        private static async Task RunWithFaultAt(string preset, UpgradeRecipe strategy, InterimMode interim, Fault fault, int faultStep)
        {
            var where = $"{preset} {strategy}/{interim}, {fault} at step {faultStep}";
            using var lab = UpgradeHarness.Preset(preset);
            var plan = lab.Plan(strategy, interim, repair: true);
            var options = UpgradeHarness.FastOptions(maxRetries: 2);
            using var stop = new CancellationTokenSource();
            var armed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var injected = false;
            var observer = new ScriptedObserver
            {
                Before = step =>
                {
                    if (step.Index != faultStep) return;
                    injected = true;
                    foreach (var node in step.Targets)
                    {
                        switch (fault)
                        {
                            case Fault.UpdateFails: lab.World.InjectFault(node, LabFaultKind.UpdateFails); break;
                            case Fault.UpdateNeverReturns: lab.World.InjectFault(node, LabFaultKind.UpdateNeverReturns); break;
                            case Fault.CommandFailsOnce: lab.World.InjectFault(node, LabFaultKind.FailCommands, 1); break;
                            case Fault.CommandsKeepFailing: lab.World.InjectFault(node, LabFaultKind.FailCommands, 10000); break;
                            case Fault.CorruptUpload: lab.World.InjectFault(node, LabFaultKind.CorruptUpload); break;
                            case Fault.ManagementUnreachable: lab.World.InjectFault(node, LabFaultKind.Unreachable); break;
                            case Fault.StoppedMidStep: armed.Add(node); break;
                        }
                    }
                },
            };
            // Ctrl+C right after the step's first command has been accepted.
            lab.AfterCommand = (node, command) => { if (armed.Contains(node)) stop.Cancel(); };

            var first = await lab.RunAsync(plan, observer, options, lab.NewJournal(plan), cancellationToken: stop.Token);
            armed.Clear();

            Assert.True(lab.NewViolations.Count == 0, $"{where}: {string.Join("; ", lab.NewViolations)}");
            Assert.True(lab.LabReport.RejectedDeliveries == 0, $"{where}: {lab.LabReport.RejectedDeliveries} rejected");
            if (fault == Fault.CommandFailsOnce) Assert.True(first.Succeeded, $"{where}: a single failing command must be absorbed by a retry: {first.Error}");
            if (injected && (fault == Fault.CommandsKeepFailing || fault == Fault.ManagementUnreachable))
                Assert.True(first.Result == UpgradeResult.Failed, $"{where}: the run went on past a node it cannot command");
            if (injected && fault == Fault.StoppedMidStep)
                Assert.True(first.Result == UpgradeResult.Stopped && first.FailedStep == faultStep, $"{where}: not stopped at the step ({first.Result} at {first.FailedStep})");
            if (first.Result == UpgradeResult.Failed)
            {
                // A fault armed on a node stays until cleared, so it may first bite at a later step on that node.
                Assert.True(first.FailedStep >= faultStep, $"{where}: failed at step {first.FailedStep}: {first.Error}");
                Assert.Contains($"step {first.FailedStep}/{plan.Steps.Count} [KB80406", first.Error);
                Assert.Contains(first.FailedNode!, first.Error);
                Assert.Contains("-Resume", first.NextAction);
            }
            if (first.Result == UpgradeResult.Stopped) Assert.Contains(RunStanding.ResumeCommand(first.JournalPath), first.NextAction);

            // The state left behind stays safe while the admin looks into it.
            lab.World.Advance(TimeSpan.FromMinutes(30));
            Assert.True(lab.NewViolations.Count == 0, $"{where}, while stopped: {string.Join("; ", lab.NewViolations)}");

            foreach (var node in lab.World.NodeNames) lab.World.ClearFaults(node);
            lab.World.Advance(TimeSpan.FromMinutes(10));

            var resumed = first.Succeeded ? first : await lab.ResumeAsync(options);
            Assert.True(resumed.Succeeded, $"{where}: resume: {resumed.Error}");
            Assert.True(lab.ConsistentOnTarget(), $"{where}: not consistent on the target after resume");
            Assert.True(lab.NewViolations.Count == 0, $"{where}, after resume: {string.Join("; ", lab.NewViolations)}");
            Assert.Equal(0, lab.LabReport.RejectedDeliveries);
        }
    }
}
