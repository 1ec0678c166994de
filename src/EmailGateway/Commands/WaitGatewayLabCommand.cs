using System;
using System.Management.Automation;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Lab.World;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Lets virtual time pass in a lab: pushes, takeovers, updates and the mail stream run their course. At most
    /// 30 days at a time (lab time runs event by event); Ctrl+C stops it at the event it has reached.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "GatewayLab")]
    [OutputType(typeof(GatewayLab))]
    public sealed class WaitGatewayLabCommand : LabCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public TimeSpan Duration { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            if (Duration < TimeSpan.Zero)
                ThrowTerminating("InvalidDuration", ErrorCategory.InvalidArgument, $"The duration {Duration} is negative; time in a lab only moves forward.", Duration);
            if (Duration > LabWorld.MaxAdvance)
                ThrowTerminating("InvalidDuration", ErrorCategory.InvalidArgument,
                    $"The duration {Duration} is longer than {LabWorld.MaxAdvance.TotalDays:0} days, the most a lab advances at a time; wait in steps.", Duration);
        }

        protected override void ProcessLab(GatewayLab lab)
        {
            try
            {
                lab.Fleet.Advance(Duration, StopToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the lab stays consistent at the time it reached.
                return;
            }
            WriteVerbose($"Lab {lab.Name}: advanced {Duration} to {lab.Now:u}.");
            if (PassThru) WriteObject(Typed(lab, TypeNames.Lab));
        }
    }
}
