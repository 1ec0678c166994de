using System.Management.Automation;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Lab.Monitoring;

namespace EmailGateway.Commands
{
    /// <summary>The lab's account so far: outage seconds, rejected deliveries, invariant violations and the timeline.</summary>
    [Cmdlet(VerbsCommon.Get, "GatewayLabReport")]
    [OutputType(typeof(LabReport))]
    public sealed class GetGatewayLabReportCommand : LabCmdlet
    {
        protected override void ProcessLab(GatewayLab lab)
        {
            var report = lab.World.GetReport().WithNodePrefix(lab.Prefix);
            report.LabName = lab.Name;
            WriteObject(Typed(report, TypeNames.LabReport));
        }
    }
}
