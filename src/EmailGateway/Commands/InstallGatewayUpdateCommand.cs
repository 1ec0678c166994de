using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using EmailGateway.Output;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;
using EmailGateway.Operations;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Guard;
using EmailGateway.Updates;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Uploads an update package (with progress and its SHA-256), applies it and waits until each node
    /// runs the package's build.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "GatewayUpdate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(NodeOutput))]
    public sealed class InstallGatewayUpdateCommand : GuardedNodeCmdlet
    {
        private UpdatePackage? _package;

        /// <summary>The update package file; binds from a piped file's FullName (Get-Item, Get-ChildItem) or a package's Path (New-GatewayLabPackage).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PackagePath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The SHA-256 published with the package (64 hexadecimal digits); a file that differs is refused before any upload.</summary>
        [Parameter]
        [Alias("Checksum")]
        [ValidatePattern("^[0-9a-fA-F]{64}$")]
        public string? Sha256 { get; set; }

        /// <summary>Install the package on a node that runs a newer build (refused otherwise).</summary>
        [Parameter]
        public SwitchParameter AllowDowngrade { get; set; }

        /// <summary>How long to wait for each node's return on the new build.</summary>
        [Parameter]
        [Alias("TimeoutSeconds")]
        [ValidateRange(1, 86400)]
        public int UpdateTimeoutSeconds { get; set; } = (int)NodeOperations.DefaultUpdateTimeout.TotalSeconds;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override GuardChange ChangeFor(string computerName) => GuardChange.Update(computerName, _package!.Build);

        protected override string ShouldProcessAction => $"Install update {_package?.Build} from {System.IO.Path.GetFileName(Path)}";

        protected override void ProcessRecord()
        {
            OpenPackage();
            base.ProcessRecord();
        }

        /// <summary>Opens the package when -Path is first bound (from the command line or the pipeline); one package per command.</summary>
        private void OpenPackage()
        {
            var resolved = GetUnresolvedProviderPathFromPSPath(Path);
            if (_package != null)
            {
                if (string.Equals(_package.Path, resolved, StringComparison.Ordinal)) return;
                ThrowTerminating("SeveralPackages", ErrorCategory.InvalidArgument,
                    $"One package per command: {_package.Path} was given, then {resolved}. Install them one after the other.", resolved);
            }
            try
            {
                _package = UpdatePackage.Open(resolved, Sha256);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                ThrowTerminating(ex, Path);
            }
            WriteVerbose($"Package {_package!.FileName}: {_package.Product} {_package.Build}, {_package.Length} bytes, SHA-256 {_package.Sha256}");
        }

        protected override void Run(IReadOnlyList<GatewaySession> sessions)
        {
            var package = _package!;
            var nextActivityId = 100;
            RunParallel(sessions, async (session, client, token) =>
            {
                var activityId = System.Threading.Interlocked.Increment(ref nextActivityId);
                var progress = new Progress(Log, activityId, $"Uploading {package.FileName} to {session.ComputerName}", package.Length);
                var outcome = await NodeOperations.InstallUpdateAsync(client, package, TimeSpan.FromSeconds(UpdateTimeoutSeconds),
                    NodeOperations.DefaultPollInterval, progress, token, AllowDowngrade).ConfigureAwait(false);
                progress.Complete();
                if (outcome.AlreadyCurrent) Log.Warning($"{session.ComputerName} already runs {package.Build}; nothing was uploaded or installed.");
                else Log.Information($"{session.ComputerName} updated from {outcome.PreviousBuild} to {outcome.Node.Build}.", MyInvocation.MyCommand.Name);
                return PassThru ? outcome.Node : null;
            }, WriteNode);
        }

        /// <summary>Turns bytes uploaded into progress records queued for the pipeline thread.</summary>
        private sealed class Progress : IProgress<long>
        {
            private readonly PipelineLog _log;
            private readonly int _activityId;
            private readonly string _activity;
            private readonly long _total;
            private int _lastPercent = -1;

            public Progress(PipelineLog log, int activityId, string activity, long total)
            {
                _log = log;
                _activityId = activityId;
                _activity = activity;
                _total = Math.Max(1, total);
            }

            public void Report(long bytesSent)
            {
                var percent = (int)Math.Min(100, bytesSent * 100 / _total);
                if (percent == _lastPercent) return;
                _lastPercent = percent;
                _log.Progress(new ProgressRecord(_activityId, _activity, $"{bytesSent} of {_total} bytes") { PercentComplete = percent });
            }

            public void Complete() =>
                _log.Progress(new ProgressRecord(_activityId, _activity, "Uploaded") { RecordType = ProgressRecordType.Completed });
        }
    }
}
