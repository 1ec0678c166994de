using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Updates;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Commands.Upgrade
{
    /// <summary>The part of both upgrade cmdlets that reads the cluster and makes a plan.</summary>
    internal static class UpgradePlanFactory
    {
        /// <summary>Makes a plan for the named nodes; stops the cmdlet with a terminating error when the input itself is wrong.</summary>
        public static UpgradePlan Create(GatewayCmdlet cmdlet, IReadOnlyList<string> names, string? path, string? sha256, string? targetBuild, UpgradeStrategy strategy,
            InterimMode interim, int scannerBatchSize, bool repair, string? journalPath) =>
            Create(cmdlet, names, path, sha256, targetBuild, strategy, interim, scannerBatchSize, repair, journalPath, out _, out _);

        public static UpgradePlan Create(GatewayCmdlet cmdlet, IReadOnlyList<string> names, string? path, string? sha256, string? targetBuild, UpgradeStrategy strategy,
            InterimMode interim, int scannerBatchSize, bool repair, string? journalPath, out UpdatePackage? package, out string resolvedJournal)
        {
            var access = new CmdletAccess(cmdlet);
            if (names.Count == 0) access.Fail("NoNodes", ErrorCategory.InvalidArgument, "No nodes were given. Pipe the cluster's nodes in: Get-GatewayNode -ClusterId <id> | ...", null);
            var (sessions, missing) = UpgradeContext.Sessions(names);
            if (missing.Count > 0)
                access.Fail("SessionNotFound", ErrorCategory.ObjectNotFound,
                    $"No session named {string.Join(", ", missing)}. Open them with New-GatewaySession or New-GatewayLab; Get-GatewaySession lists the open ones.", missing.ToArray());

            GatewayBuild target = null!;
            package = null;
            try
            {
                (package, target) = UpgradeParameters.Target(path is null ? null : access.ResolvePath(path), sha256, targetBuild);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is FormatException || ex is ArgumentException || ex is UnauthorizedAccessException)
            {
                access.Fail(ex, (object?)path ?? targetBuild);
            }

            var lab = UpgradeContext.LabOf(sessions);
            var (nodes, unreachable) = UpgradeContext.Read(sessions, access.Log, access.StopToken);
            var context = new PreflightContext();
            foreach (var pair in unreachable) context.Unreachable[pair.Key] = pair.Value;
            var master = nodes.FirstOrDefault(n => n.Mode == ClusterMode.Master);
            var clusterId = master?.ClusterId ?? nodes.Select(n => n.ClusterId).FirstOrDefault();
            resolvedJournal = journalPath is null ? UpgradeContext.DefaultJournalPath(clusterId, master?.ComputerName, lab) : access.ResolvePath(journalPath);
            context.RunLockHolder = UpgradeContext.LockHolder(resolvedJournal);

            var request = UpgradeParameters.Request(target, package, strategy, interim, scannerBatchSize, repair, UpgradeContext.Timings(lab));
            var plan = UpgradePlanner.Create(request, nodes, context, nodes.Select(n => n.RetrievedAt).DefaultIfEmpty(DateTimeOffset.UtcNow).Max());
            UpgradeContext.Remember(plan);
            access.Flush();
            return plan;
        }
    }

    /// <summary>Lets shared code use a cmdlet's protected helpers.</summary>
    internal sealed class CmdletAccess
    {
        private readonly GatewayCmdlet _cmdlet;
        public CmdletAccess(GatewayCmdlet cmdlet) => _cmdlet = cmdlet;
        public PipelineLog Log => _cmdlet.Log;
        public System.Threading.CancellationToken StopToken => _cmdlet.Token;
        public string ResolvePath(string path) => _cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        public void Fail(string reason, ErrorCategory category, string message, object? target) => _cmdlet.Terminate(reason, category, message, target);
        public void Fail(Exception exception, object? target) => _cmdlet.Terminate(exception, target);
        public void Flush() => _cmdlet.Flush();
    }

    /// <summary>Type names of the upgrade objects, for views and for scripts.</summary>
    internal static class UpgradeTypeNames
    {
        public const string Step = "EmailGateway.UpgradeStep";
        public const string Plan = "EmailGateway.UpgradePlan";
        public const string Report = "EmailGateway.UpgradeReport";
    }
}
