using System;

namespace EmailGateway.Upgrade.Orchestration
{
    /// <summary>How an upgrade run waits, retries and gives up. Times are on the cluster's clock (virtual on a lab).</summary>
    public sealed class UpgradeOptions
    {
        /// <summary>How often a failed step is tried again before the run stops.</summary>
        public int MaxRetries { get; set; } = 2;

        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long a gate waits for the expected state (a VRRP takeover, a push) after a step's commands.</summary>
        public TimeSpan GateTimeout { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>How often gates and drains re-read a node.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan UpdateTimeout { get; set; } = TimeSpan.FromMinutes(60);
        public TimeSpan RestartTimeout { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>How often a node that updates or restarts is polled.</summary>
        public TimeSpan BootPollInterval { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long to wait for a node's mail queue to empty before it is taken offline.</summary>
        public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(5);

        internal void Validate()
        {
            if (MaxRetries < 0 || MaxRetries > 100) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be 0-100.");
            foreach (var (name, value) in new[] { (nameof(GateTimeout), GateTimeout), (nameof(PollInterval), PollInterval), (nameof(UpdateTimeout), UpdateTimeout),
                         (nameof(RestartTimeout), RestartTimeout), (nameof(BootPollInterval), BootPollInterval), (nameof(DrainTimeout), DrainTimeout) })
                if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, $"{name} must be more than zero.");
            if (RetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "RetryDelay cannot be negative.");
        }
    }
}
