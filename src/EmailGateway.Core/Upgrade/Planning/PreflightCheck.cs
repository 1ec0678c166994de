namespace EmailGateway.Upgrade.Planning
{
    /// <summary>One precondition of an upgrade, checked before anything runs.</summary>
    public sealed class PreflightCheck
    {
        public PreflightCheck(string name, bool passed, string reason, string? remedy = null)
        {
            Name = name;
            Passed = passed;
            Reason = reason;
            Remedy = remedy;
        }

        /// <summary>A stable name: Reachable, Running, NotMidChange, OneCluster, OneMaster, Consistent, TargetBuild, SameProduct, NoRunLock, StrategySafe, MasterGreeting.</summary>
        public string Name { get; }
        public bool Passed { get; }

        /// <summary>What was found, for a passed check as much as for a failed one.</summary>
        public string Reason { get; }

        /// <summary>What to do about a failed check.</summary>
        public string? Remedy { get; }

        public override string ToString() => $"{(Passed ? "PASS" : "FAIL")} {Name}: {Reason}" + (Remedy is null || Passed ? string.Empty : $" Remedy: {Remedy}");
    }
}
