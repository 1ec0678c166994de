using EmailGateway.Lab.Description;
using EmailGateway.Lab.World;
using EmailGateway.Protocol;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Reporting;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    /// <summary>Which failures a step is tried again for, and a final read that fails is reported.</summary>
    public class RetryPolicyTests
    {
        [Theory]
        [InlineData(ErrorCodes.Unreachable, true)]
        [InlineData(ErrorCodes.Busy, true)]
        [InlineData(ErrorCodes.Timeout, true)]
        [InlineData(ErrorCodes.Injected, true)]
        [InlineData(ErrorCodes.ChecksumMismatch, false)]
        [InlineData(ErrorCodes.InvalidArgument, false)]
        [InlineData(ErrorCodes.UpdateFailed, false)]
        [InlineData(ErrorCodes.UnknownCommand, false)]
        public void Only_connection_busy_and_timeout_failures_of_a_command_are_transient(string code, bool transient)
        {
            Assert.Equal(transient, TransientErrors.IsTransient(new GatewayCommandException("meg1", "set network offline", code, "x")));
        }

        [Fact]
        public void Timeouts_and_broken_connections_are_transient_programming_errors_and_refusals_are_not()
        {
            Assert.True(TransientErrors.IsTransient(new TimeoutException()));
            Assert.True(TransientErrors.IsTransient(new IOException("reset")));
            Assert.True(TransientErrors.IsTransient(new AggregateException(new TimeoutException(), new IOException())));
            Assert.False(TransientErrors.IsTransient(new AggregateException(new TimeoutException(), new InvalidOperationException())));
            Assert.False(TransientErrors.IsTransient(new NullReferenceException()));
            Assert.False(TransientErrors.IsTransient(new ArgumentException("bad")));
            Assert.False(TransientErrors.IsTransient(new InvalidOperationException()));
            Assert.False(TransientErrors.IsTransient(new OperationCanceledException()));
        }

        [Fact]
        public async Task A_step_that_fails_for_good_is_not_tried_again()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            var update = plan.Steps.First(s => s.Action == UpgradeAction.Update);
            var observer = new ScriptedObserver { Before = step => { if (step.Index == update.Index) lab.World.InjectFault(step.Targets[0], LabFaultKind.UpdateFails); } };

            var report = await lab.RunAsync(plan, observer, UpgradeHarness.FastOptions(maxRetries: 2), lab.NewJournal(plan));

            Assert.Equal(UpgradeResult.Failed, report.Result);
            var record = report.Steps.Single(s => s.Index == update.Index);
            Assert.Equal(1, record.Attempts);
            Assert.Contains("came back on its old build", report.Error);
        }

        [Fact]
        public async Task A_final_read_that_fails_is_reported_not_swallowed()
        {
            using var lab = UpgradeHarness.Preset(LabPresets.Healthy);
            var plan = lab.Plan(UpgradeRecipe.MasterInPlace);
            var observer = new ScriptedObserver { After = (step, _) => { if (step.Index == plan.Steps.Count) lab.World.InjectFault("meg3", LabFaultKind.Unreachable); } };

            var report = await lab.RunAsync(plan, observer, UpgradeHarness.FastOptions(), lab.NewJournal(plan));

            Assert.NotNull(report.FinalReadError);
            Assert.Contains("could not be read after the run", report.FinalReadError);
            Assert.Contains("meg3", report.FinalReadError);
            Assert.Contains(observer.Messages, m => m == report.FinalReadError);
            Assert.Equal(4, report.BuildsAfter.Count);
        }
    }
}
