using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Reporting;
using EmailGateway.Upgrade.Reporting.ChangeBoard;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Writes a document for a change advisory board from upgrade plans (Get-GatewayUpgradePlan -AsPlan)
    /// or run reports (Invoke-GatewayClusterUpgrade): one self-contained HTML file with SVG timelines,
    /// or Markdown, or JSON. All input of one pipeline goes into one file.
    /// </summary>
    [Cmdlet(VerbsData.Export, "GatewayUpgradeReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ReportSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportGatewayUpgradeReportCommand : GatewayCmdlet
    {
        private const string PlanSet = "Plan";
        private const string ReportSet = "Report";
        private readonly List<object> _items = new List<object>();

        /// <summary>The report of a finished or stopped run, as Invoke-GatewayClusterUpgrade returns it.</summary>
        [Parameter(ParameterSetName = ReportSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public UpgradeReport[]? Report { get; set; }

        /// <summary>A plan from Get-GatewayUpgradePlan -AsPlan.</summary>
        [Parameter(ParameterSetName = PlanSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public UpgradePlan[]? Plan { get; set; }

        /// <summary>The file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Html (default), Markdown or Json; without it, .md and .markdown give Markdown and .json gives Json.</summary>
        [Parameter]
        public ChangeReportFormat? Format { get => _format as ChangeReportFormat?; set => _format = value; }

        // Boxed, like every parameter of one of Core's value types: see ParameterBox.
        private object? _format;

        /// <summary>The document's title.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Return the file written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (Report != null) _items.AddRange(Report);
            if (Plan != null) _items.AddRange(Plan);
        }

        protected override void EndProcessing()
        {
            if (_items.Count == 0)
                ThrowTerminating("NoInput", ErrorCategory.InvalidArgument, "No plan or report came in. Pipe in Get-GatewayUpgradePlan -AsPlan or Invoke-GatewayClusterUpgrade output.", null);
            var resolved = GetUnresolvedProviderPathFromPSPath(Path);
            if (Directory.Exists(resolved))
                ThrowTerminating("PathIsDirectory", ErrorCategory.InvalidArgument, $"'{resolved}' is a folder; give a file name, e.g. '{System.IO.Path.Combine(resolved, "upgrade-report.html")}'.", resolved);
            var folder = System.IO.Path.GetDirectoryName(resolved);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
                ThrowTerminating("DirectoryNotFound", ErrorCategory.ObjectNotFound, $"The folder '{folder}' does not exist.", resolved);
            if (File.Exists(resolved) && !Force)
                ThrowTerminating("FileExists", ErrorCategory.ResourceExists, $"'{resolved}' exists; use -Force to overwrite it.", resolved);

            var format = Format ?? ChangeReportWriter.FormatFor(resolved);
            var document = ChangeReportBuilder.Build(_items, DateTimeOffset.Now, Title);
            if (!ShouldProcess(resolved, $"Write a {format} upgrade report of {document.Sections.Count} section(s): {string.Join("; ", document.Sections.Select(s => s.Heading))}")) return;
            try
            {
                File.WriteAllText(resolved, ChangeReportWriter.Render(document, format), new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminating(ex, resolved);
            }
            if (PassThru) WriteObject(new FileInfo(resolved));
        }
    }
}
