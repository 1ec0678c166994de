namespace EmailGateway.Lab.World
{
    /// <summary>Faults that can be injected into one lab node.</summary>
    public enum LabFaultKind
    {
        /// <summary>Updates run their full time, then the node returns on its old build.</summary>
        UpdateFails,
        /// <summary>An update never finishes: the node stays "updating" until the fault is cleared (then it is power-cycled onto its old build).</summary>
        UpdateNeverReturns,
        /// <summary>The next N commands fail with <c>error: injected-fault: ...</c>.</summary>
        FailCommands,
        /// <summary>Uploads land with altered bytes, so the SHA-256 check at <c>update apply</c> fails.</summary>
        CorruptUpload,
        /// <summary>Management is unreachable: every command and upload fails with <c>error: unreachable: ...</c>.</summary>
        Unreachable,
    }

    /// <summary>The faults armed on a node. Flags stay until cleared; the command count runs down.</summary>
    public sealed class LabFaults
    {
        public bool UpdateFails { get; set; }
        public bool UpdateNeverReturns { get; set; }
        public int FailingCommands { get; set; }
        public bool CorruptUpload { get; set; }
        public bool Unreachable { get; set; }

        public bool Any => UpdateFails || UpdateNeverReturns || FailingCommands > 0 || CorruptUpload || Unreachable;

        public LabFaults Clone() => (LabFaults)MemberwiseClone();

        public override string ToString()
        {
            if (!Any) return "none";
            var parts = new System.Collections.Generic.List<string>();
            if (UpdateFails) parts.Add("update fails");
            if (UpdateNeverReturns) parts.Add("update never returns");
            if (FailingCommands > 0) parts.Add($"next {FailingCommands} command(s) fail");
            if (CorruptUpload) parts.Add("uploads corrupted");
            if (Unreachable) parts.Add("management unreachable");
            return string.Join(", ", parts);
        }
    }
}
