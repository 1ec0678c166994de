using System;
using System.IO;
using EmailGateway.Model;
using EmailGateway.Updates;
using EmailGateway.Upgrade;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Commands.Upgrade
{
    /// <summary>Turns the cmdlets' -Path / -TargetBuild and recipe parameters into a request, or says what is wrong.</summary>
    internal static class UpgradeParameters
    {
        public static (UpdatePackage? Package, GatewayBuild Target) Target(string? resolvedPath, string? sha256, string? targetBuild)
        {
            if (sha256 != null && resolvedPath is null) throw new ArgumentException("-Sha256 checks the update package given with -Path; give -Path too.");
            UpdatePackage? package = null;
            if (resolvedPath != null) package = UpdatePackage.Open(resolvedPath, sha256);
            GatewayBuild? target = null;
            if (targetBuild != null && !GatewayBuild.TryParse(targetBuild, out target, out var error)) throw new FormatException(error);
            if (package is null && target is null)
                throw new ArgumentException("Name the build to upgrade to: -Path <update package> (its header names the build) or -TargetBuild <build>.");
            if (package != null && target != null && package.Build != target)
                throw new ArgumentException($"The package '{Path.GetFileName(package.Path)}' installs {package.Build}, not the -TargetBuild {target}.");
            return (package, package?.Build ?? target!);
        }

        public static UpgradeRequest Request(GatewayBuild target, UpdatePackage? package, UpgradeStrategy strategy, InterimMode interim, int scannerBatchSize, bool repair, PlanTimings timings) =>
            new UpgradeRequest(target, strategy)
            {
                InterimMode = interim,
                ScannerBatchSize = scannerBatchSize,
                RepairInterim = repair,
                Product = package?.Product,
                Timings = timings,
            };
    }
}
