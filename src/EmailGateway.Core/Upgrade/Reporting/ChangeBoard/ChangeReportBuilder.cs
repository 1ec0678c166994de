using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Reporting.ChangeBoard
{
    /// <summary>Turns plans and run reports into the sections of a change report.</summary>
    public static class ChangeReportBuilder
    {
        /// <summary>
        /// One section per plan, per run, and per run's rehearsal (after its run). Accepts
        /// <see cref="UpgradePlan"/> and <see cref="UpgradeReport"/> objects; anything else is refused.
        /// </summary>
        public static ChangeReport Build(IEnumerable<object> items, DateTimeOffset createdAt, string? title = null)
        {
            var report = new ChangeReport { CreatedAt = createdAt };
            if (!string.IsNullOrWhiteSpace(title)) report.Title = title!;
            foreach (var item in items)
            {
                switch (item)
                {
                    case UpgradePlan plan:
                        report.Sections.Add(FromPlan(plan));
                        break;
                    case UpgradeReport run:
                        report.Sections.Add(FromRun(run, "Run"));
                        if (run.Rehearsal != null) report.Sections.Add(FromRun(run.Rehearsal, "Rehearsal"));
                        break;
                    default:
                        throw new ArgumentException($"A change report is made of upgrade plans and upgrade reports; {item?.GetType().Name ?? "null"} is neither.", nameof(items));
                }
            }
            return report;
        }

        public static ChangeReportSection FromPlan(UpgradePlan plan)
        {
            var section = new ChangeReportSection
            {
                Kind = "Plan",
                Heading = $"Plan: cluster {plan.ClusterId} to {plan.TargetBuild} by {plan.Strategy}",
                ClusterId = plan.ClusterId,
                Strategy = plan.Strategy.ToString(),
                InterimMode = plan.Strategy == UpgradeRecipe.FailoverPromotion ? plan.InterimMode.ToString() : null,
                SourceBuild = plan.SourceBuild?.ToString(),
                TargetBuild = plan.TargetBuild.ToString(),
                Result = plan.IsRunnable ? "Runnable" : "NotRunnable",
                StartedAt = plan.CreatedAt,
                ExpectedOutageSeconds = plan.ExpectedOutage.TotalSeconds,
                Problems = plan.FailedChecks.Select(c => $"{c.Name}: {c.Reason}").ToList(),
                Timeline = TimelineBuilder.FromPlan(plan),
            };
            var last = plan.Steps.Count > 0 ? plan.Steps[plan.Steps.Count - 1].ExpectedAfter : plan.ExpectedBefore;
            foreach (var node in OrderOf(section.Timeline, plan.Nodes.Select(n => n.ComputerName)))
            {
                var before = plan.Nodes.First(n => Same(n.ComputerName, node));
                var after = last.FirstOrDefault(e => Same(e.ComputerName, node));
                section.Nodes.Add(new ChangeReportNode
                {
                    ComputerName = before.ComputerName,
                    Mode = before.Mode.ToString(),
                    BuildBefore = before.Build?.ToString() ?? "unknown",
                    BuildAfter = after?.Build?.ToString() ?? before.Build?.ToString() ?? "unknown",
                });
            }
            section.Steps = plan.Steps.Select(s => new ChangeReportStep
            {
                Index = s.Index,
                KbStep = s.KbStep,
                Action = s.Action.ToString(),
                Target = s.Target,
                Gate = s.GateText,
                Outcome = "Planned",
                Seconds = s.ExpectedDuration.TotalSeconds,
                ExpectedOutageSeconds = s.ExpectedOutage.TotalSeconds,
                Message = s.Note,
            }).ToList();
            section.OutageSecondsSeen = section.Timeline.Outages.Sum(w => w.Seconds);
            return section;
        }

        public static ChangeReportSection FromRun(UpgradeReport run, string kind)
        {
            var section = new ChangeReportSection
            {
                Kind = kind,
                Heading = $"{kind}: cluster {run.ClusterId} to {run.TargetBuild} by {run.Strategy}{(run.Resumed ? $", resumed at step {run.StartedAtStep}" : string.Empty)}",
                ClusterId = run.ClusterId,
                Strategy = run.Strategy,
                InterimMode = run.InterimMode,
                TargetBuild = run.TargetBuild,
                Result = run.Result.ToString(),
                StartedAt = run.StartedAt,
                EndedAt = run.EndedAt,
                ExpectedOutageSeconds = run.ExpectedOutageSeconds,
                MeasuredOutageSeconds = run.OutageSeconds,
                RejectedDeliveries = run.RejectedDeliveries,
                NextAction = run.NextAction,
                Timeline = TimelineBuilder.FromReport(run),
            };
            if (!string.IsNullOrEmpty(run.Error)) section.Problems.Add(run.Error!);
            var modes = run.Observations.GroupBy(o => o.ComputerName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Mode, StringComparer.OrdinalIgnoreCase);
            foreach (var node in OrderOf(section.Timeline, run.BuildsBefore.Keys.Concat(run.BuildsAfter.Keys)))
            {
                section.Nodes.Add(new ChangeReportNode
                {
                    ComputerName = node,
                    Mode = modes.TryGetValue(node, out var mode) ? mode : string.Empty,
                    BuildBefore = run.BuildsBefore.TryGetValue(node, out var before) ? before : "unknown",
                    BuildAfter = run.BuildsAfter.TryGetValue(node, out var after) ? after : "unknown",
                });
            }
            section.Steps = run.Steps.Select(s => new ChangeReportStep
            {
                Index = s.Index,
                KbStep = s.KbStep,
                Action = s.Action,
                Target = s.Target,
                Gate = s.Gate,
                Outcome = s.Result.ToString(),
                Seconds = s.DurationSeconds,
                Message = s.Message,
            }).ToList();
            section.Violations = run.Violations.Select(v => "began: " + v).Concat(run.PreexistingViolations.Select(v => "found at the start: " + v)).ToList();
            section.OutageSecondsSeen = section.Timeline.Outages.Sum(w => w.Seconds);
            return section;
        }

        /// <summary>The timeline's lane order, then any node the timeline does not show.</summary>
        private static IEnumerable<string> OrderOf(UpgradeTimeline timeline, IEnumerable<string> nodes) =>
            timeline.Nodes.Concat(nodes).Distinct(StringComparer.OrdinalIgnoreCase);

        private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
