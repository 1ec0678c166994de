namespace EmailGateway.Profiles.Status
{
    /// <summary>What became of one status field when a reply was read.</summary>
    public enum StatusFieldOutcome
    {
        /// <summary>Found and turned into a value.</summary>
        Parsed,

        /// <summary>The profile says where it is, but the reply does not have it there.</summary>
        Missing,

        /// <summary>Found, but its text is not a value of the field's kind.</summary>
        Unparsable,

        /// <summary>The profile does not say where it is (allowed only for optional fields).</summary>
        NotMapped,
    }

    /// <summary>One field of one status reply: where the profile looks, what text was there, and the value it gave.</summary>
    public sealed class StatusFieldReading
    {
        public StatusFieldReading(string field, string key, bool required, StatusFieldOutcome outcome, string? location, string? text, object? value, int? line, string? problem)
        {
            Field = field;
            Key = key;
            Required = required;
            Outcome = outcome;
            Location = location;
            Text = text;
            Value = value;
            Line = line;
            Problem = problem;
        }

        /// <summary>The node property, as Get-GatewayNode shows it (ClusterId).</summary>
        public string Field { get; }

        /// <summary>The field's key in the profile's status section (clusterId).</summary>
        public string Key { get; }

        public bool Required { get; }
        public StatusFieldOutcome Outcome { get; }

        /// <summary>Where the profile looks: a YAML path, a Section/Key label, or a regular-expression group.</summary>
        public string? Location { get; }

        /// <summary>The text found, before the profile's value map.</summary>
        public string? Text { get; }

        /// <summary>The typed value; for an optional field that was not found, the value the node takes instead.</summary>
        public object? Value { get; }

        /// <summary>The line the text was found on, counted from 1 in what was read (the transcript, for a capture).</summary>
        public int? Line { get; internal set; }

        /// <summary>Why the field was not parsed, or what was used instead.</summary>
        public string? Problem { get; }

        /// <summary>True when the node cannot be built because of this field.</summary>
        public bool IsBlocking => Outcome == StatusFieldOutcome.Unparsable || Required && Outcome != StatusFieldOutcome.Parsed;

        /// <summary>The transcript or reply this reading came from, for output that mixes several.</summary>
        public string? Source { get; internal set; }

        public override string ToString() => $"{Field}: {Outcome}{(Value is null ? string.Empty : " " + Value)}";
    }
}
