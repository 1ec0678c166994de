using System;
using System.IO;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Output;
using EmailGateway.Updates;

namespace EmailGateway.Commands
{
    /// <summary>Writes an update package file for the lab (a YAML header naming the build, then payload).</summary>
    [Cmdlet(VerbsCommon.New, "GatewayLabPackage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PackageOutput))]
    public sealed class NewGatewayLabPackageCommand : GatewayCmdlet
    {
        /// <summary>The build the package installs, e.g. '7.6.4 P4'.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Build { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        [ValidateSet("MEG", "EWS", IgnoreCase = true)]
        public string Product { get; set; } = "MEG";

        /// <summary>Payload size in KiB (larger packages exercise upload progress).</summary>
        [Parameter]
        [ValidateRange(0, 1024 * 1024)]
        public int PayloadKiB { get; set; } = 64;

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            if (!GatewayBuild.TryParse(Build, out var build, out var error))
                ThrowTerminating("InvalidBuild", ErrorCategory.InvalidArgument, error, Build);
            var resolved = GetUnresolvedProviderPathFromPSPath(Path);
            if (File.Exists(resolved) && !Force)
                ThrowTerminating("FileExists", ErrorCategory.ResourceExists, $"'{resolved}' exists; use -Force to overwrite it.", resolved);
            if (!ShouldProcess(resolved, $"Write update package for {Product.ToUpperInvariant()} {build}")) return;
            try
            {
                WriteObject(Typed(new PackageOutput(UpdatePackage.Create(resolved, Product.ToUpperInvariant(), build!, PayloadKiB * 1024)), TypeNames.Package));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminating(ex, resolved);
            }
        }
    }
}
