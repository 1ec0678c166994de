using System;
using System.Collections.Generic;

namespace EmailGateway.Operations
{
    /// <summary>What a preparation gives: the prepared thing, or the refusal that says why not; warnings either way.</summary>
    public sealed class Prepared<T> where T : class
    {
        private Prepared(T? value, Refusal? refusal, IReadOnlyList<string> warnings)
        {
            Value = value;
            Refusal = refusal;
            Warnings = warnings;
        }

        /// <summary>Prepared; the value may be null where nothing is the answer (no package given).</summary>
        public static Prepared<T> Ok(T? value, IReadOnlyList<string>? warnings = null) => new Prepared<T>(value, null, warnings ?? Array.Empty<string>());

        public static Prepared<T> Refused(Refusal refusal, IReadOnlyList<string>? warnings = null) =>
            new Prepared<T>(null, refusal ?? throw new ArgumentNullException(nameof(refusal)), warnings ?? Array.Empty<string>());

        public T? Value { get; }
        public Refusal? Refusal { get; }
        public IReadOnlyList<string> Warnings { get; }
        public bool IsRefused => Refusal != null;

        public static implicit operator Prepared<T>(Refusal refusal) => Refused(refusal);
    }
}
