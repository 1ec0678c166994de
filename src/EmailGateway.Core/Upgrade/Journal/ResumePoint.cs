using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Journal
{
    /// <summary>
    /// Where a stopped run continues. The real state decides, not the journal alone: the latest step whose
    /// expected state every node shows is done (continue after it); if the nodes sit between a step's
    /// before and after (a batch half updated, a switch-over half made), that step runs again, and its
    /// commands skip what is done already. The journal's own record is compared and any disagreement told.
    /// </summary>
    public sealed class ResumePoint
    {
        private ResumePoint(int nextStep, string reason, bool found)
        {
            NextStep = nextStep;
            Reason = reason;
            Found = found;
        }

        /// <summary>The step to run next (1-based); one past the last step when the plan is complete.</summary>
        public int NextStep { get; }
        public string Reason { get; }
        public bool Found { get; }

        public static ResumePoint Find(UpgradePlan plan, IReadOnlyList<GatewayNode> nodes, int journalLastCompleted)
        {
            var byName = nodes.ToDictionary(n => n.ComputerName, StringComparer.OrdinalIgnoreCase);
            var missing = plan.Nodes.Where(n => !byName.ContainsKey(n.ComputerName)).Select(n => n.ComputerName).ToList();
            if (missing.Count > 0) return new ResumePoint(0, $"no state was read for {string.Join(", ", missing)}", false);
            var busy = nodes.Where(n => n.Power != PowerState.Running).ToList();
            if (busy.Count > 0)
                return new ResumePoint(0, $"{string.Join(", ", busy.Select(n => $"{n.ComputerName} is {ModeNames.ToWire(n.Power)}"))}; wait until it runs (power-cycle a hung node), then resume", false);

            for (var j = plan.Steps.Count; j >= 0; j--)
            {
                var after = plan.ExpectedAfter(j);
                if (after.All(e => e.Matches(byName[e.ComputerName])))
                    return Agree(new ResumePoint(j + 1, j == plan.Steps.Count
                        ? "every node shows the state the plan ends in"
                        : $"every node shows the state expected after step {j}" + (j == 0 ? " (the plan's start)" : $" [{plan.Steps[j - 1].KbStep}]"), true), journalLastCompleted);
                if (j == 0) break;
                var before = plan.ExpectedAfter(j - 1);
                if (after.All(e => e.MatchesEither(byName[e.ComputerName], before.First(b => string.Equals(b.ComputerName, e.ComputerName, StringComparison.OrdinalIgnoreCase)))))
                    return Agree(new ResumePoint(j, $"the nodes are between the states before and after step {j} [{plan.Steps[j - 1].KbStep}]: it runs again", true), journalLastCompleted);
            }

            var expected = plan.ExpectedAfter(Math.Min(journalLastCompleted, plan.Steps.Count));
            var differences = expected.SelectMany(e => e.Differences(byName[e.ComputerName]).Select(d => $"{e.ComputerName}: {d}")).ToList();
            return new ResumePoint(0,
                $"the cluster matches no point of the plan; compared with the state after step {journalLastCompleted} (the journal's last finished step): {string.Join("; ", differences)}", false);
        }

        private static ResumePoint Agree(ResumePoint point, int journalLastCompleted)
        {
            if (journalLastCompleted + 1 == point.NextStep || journalLastCompleted == point.NextStep) return point;
            return new ResumePoint(point.NextStep, point.Reason + $" (the journal's last finished step was {journalLastCompleted}; the nodes' state decides)", true);
        }
    }
}
