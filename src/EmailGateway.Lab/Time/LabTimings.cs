using System;

namespace EmailGateway.Lab.Time
{
    /// <summary>How long things take in a lab, in virtual time. The defaults are those en-US/about_EmailGateway_Lab.help.txt states.</summary>
    public sealed class LabTimings
    {
        public TimeSpan Update { get; set; } = TimeSpan.FromMinutes(20);
        public TimeSpan Restart { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>How long a node waits, once nobody answers for the virtual IP, before it takes it over.</summary>
        public TimeSpan VrrpTakeover { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>The master pushes its configuration this often (and at once when membership changes).</summary>
        public TimeSpan ConfigPushInterval { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How long a message stays in a node's queue (scanning) before it is delivered onwards.</summary>
        public TimeSpan QueueHold { get; set; } = TimeSpan.FromSeconds(5);

        public LabTimings Clone() => (LabTimings)MemberwiseClone();

        internal void Validate()
        {
            Check(nameof(Update), Update);
            Check(nameof(Restart), Restart);
            Check(nameof(VrrpTakeover), VrrpTakeover, allowZero: true);
            Check(nameof(ConfigPushInterval), ConfigPushInterval);
            Check(nameof(QueueHold), QueueHold, allowZero: true);

            static void Check(string name, TimeSpan value, bool allowZero = false)
            {
                if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
                    throw new ArgumentOutOfRangeException(name, value, $"The lab timing '{name}' must be {(allowZero ? "zero or more" : "more than zero")}.");
            }
        }
    }
}
