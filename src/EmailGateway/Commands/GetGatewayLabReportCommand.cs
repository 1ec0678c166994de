using System.Management.Automation;
using EmailGateway.Commands.Completion;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Model;

namespace EmailGateway.Commands
{
    /// <summary>
    /// The lab's account so far: outage seconds, rejected deliveries, invariant violations and the timeline.
    /// One report per segment: a lab of one segment gives one, a lab of several sites one per site.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "GatewayLabReport")]
    [OutputType(typeof(LabReport))]
    public sealed class GetGatewayLabReportCommand : LabCmdlet
    {
        /// <summary>Only the segments whose names match (wildcards), as Get-GatewayLab's Segments lists them.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SegmentCompleter))]
        public string[]? Segment { get; set; }

        protected override void ProcessLab(GatewayLab lab)
        {
            foreach (var world in lab.Fleet.Segments)
            {
                var segment = lab.SegmentOf(world);
                if (Segment != null && !SegmentName.MatchesAny(Segment, segment)) continue;
                var report = world.GetReport().WithNodePrefix(lab.Prefix, world.NodeNames);
                report.LabName = lab.Name;
                report.Segment = segment;
                WriteObject(Typed(report, TypeNames.LabReport));
            }
        }
    }
}
