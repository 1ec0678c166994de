using System;
using EmailGateway.Lab.Time;

namespace EmailGateway.Lab.World
{
    /// <summary>Lab-wide settings: name, virtual start time, the virtual IP mail arrives at, mail rate, timings.</summary>
    public sealed class LabSettings
    {
        public static readonly DateTimeOffset DefaultStart = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

        public string Name { get; set; } = "lab";

        /// <summary>The segment's name in a lab of several segments (as its description declares it); null in a lab of one.</summary>
        public string? Segment { get; set; }
        public DateTimeOffset Start { get; set; } = DefaultStart;

        /// <summary>The address the mail stream is sent to; null means no mail arrives.</summary>
        public string? VirtualIp { get; set; } = "192.0.2.10";

        /// <summary>Messages per second arriving at the virtual IP.</summary>
        public double MailPerSecond { get; set; } = 1.0;

        public LabTimings Timings { get; set; } = new LabTimings();

        public LabSettings Clone()
        {
            var copy = (LabSettings)MemberwiseClone();
            copy.Timings = Timings.Clone();
            return copy;
        }

        internal void Validate()
        {
            if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A lab needs a name.", nameof(Name));
            if (Model.SegmentName.Problem(Segment) is { } problem) throw new ArgumentException(problem, nameof(Segment));
            if (double.IsNaN(MailPerSecond) || double.IsInfinity(MailPerSecond) || MailPerSecond < 0 || MailPerSecond > 10000)
                throw new ArgumentOutOfRangeException(nameof(MailPerSecond), MailPerSecond, "The mail rate must be 0-10000 messages per second.");
            if (Timings is null) throw new ArgumentNullException(nameof(Timings));
            Timings.Validate();
        }
    }
}
