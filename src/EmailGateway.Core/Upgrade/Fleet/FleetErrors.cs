using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Operations;

namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>
    /// The error a rollout reports for each cluster it left behind: a skipped cluster under the reason it was
    /// skipped for (PreflightFailed, RehearsalFailed, RunLockHeld...) with the cluster as target, a failed one as
    /// StepFailed with the node that failed.
    /// </summary>
    public static class FleetErrors
    {
        public static Refusal Skipped(ClusterKey cluster, string? reasonId, string? reason) =>
            Refusal.Because(reasonId ?? "Skipped", KindOf(reasonId), $"{cluster} was skipped: {reason}", cluster.ToString());

        public static IEnumerable<Refusal> Of(FleetReport report)
        {
            foreach (var cluster in report.Clusters)
            {
                if (cluster.State == FleetClusterState.Skipped) yield return Skipped(cluster.Cluster, cluster.ReasonId, cluster.Reason);
                else if (cluster.State == FleetClusterState.Failed)
                    yield return Refusal.Because("StepFailed", RefusalKind.InvalidResult, $"The upgrade of {cluster.Cluster} failed: {cluster.Reason} {cluster.Report?.NextAction}".TrimEnd(),
                        (object?)cluster.Report?.FailedNode ?? cluster.Cluster.ToString());
            }
        }

        private static RefusalKind KindOf(string? reasonId) => reasonId switch
        {
            "RunLockHeld" => RefusalKind.Busy,
            "Unreachable" => RefusalKind.Unreachable,
            "SessionNotFound" => RefusalKind.NotFound,
            "RehearsalFailed" => RefusalKind.InvalidResult,
            _ => RefusalKind.InvalidOperation,
        };
    }
}
