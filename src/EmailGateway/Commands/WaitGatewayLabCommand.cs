using System;
using System.Management.Automation;
using EmailGateway.Commands.EmbeddedLabs;

namespace EmailGateway.Commands
{
    /// <summary>Lets virtual time pass in a lab: pushes, takeovers, updates and the mail stream run their course.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "GatewayLab")]
    [OutputType(typeof(GatewayLab))]
    public sealed class WaitGatewayLabCommand : LabCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public TimeSpan Duration { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            if (Duration < TimeSpan.Zero)
                ThrowTerminating("InvalidDuration", ErrorCategory.InvalidArgument, $"The duration {Duration} is negative; time in a lab only moves forward.", Duration);
            var lab = ResolveLab();
            lab.Fleet.Advance(Duration);
            WriteVerbose($"Lab {lab.Name}: advanced {Duration} to {lab.Now:u}.");
            if (PassThru) WriteObject(Typed(lab, TypeNames.Lab));
        }
    }
}
