using System;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Reporting
{
    public enum StepResult
    {
        NotRun,
        Done,
        /// <summary>Its postcondition held already (e.g. the node already ran the target build).</summary>
        AlreadyDone,
        Failed,
        /// <summary>Stopped (Ctrl+C) after its commands were sent; -Resume verifies it.</summary>
        Interrupted,
    }

    /// <summary>What happened to one step in a run.</summary>
    public sealed class StepRecord
    {
        public int Index { get; set; }
        public string KbStep { get; set; } = string.Empty;
        public string Action { get; set; } = string.Empty;
        public string Target { get; set; } = string.Empty;

        /// <summary>What was checked after the step before the run went on (the plan step's gate, as text).</summary>
        public string Gate { get; set; } = string.Empty;
        public StepResult Result { get; set; }
        public int Attempts { get; set; }

        /// <summary>On the cluster's clock (virtual time on a lab).</summary>
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public double DurationSeconds => StartedAt is { } s && EndedAt is { } e ? Durations.Seconds(e - s) : 0;

        /// <summary>Real time the step took here.</summary>
        public double WallSeconds { get; set; }

        public string? Message { get; set; }

        public override string ToString() => $"{Index}. [{KbStep}] {Action} {Target}: {Result} in {DurationSeconds:0.#} s";
    }
}
