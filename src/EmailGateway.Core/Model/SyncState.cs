namespace EmailGateway.Model
{
    /// <summary>How a member's configuration relates to the master's.</summary>
    public enum SyncState
    {
        /// <summary>Took the master's latest push.</summary>
        InSync,
        /// <summary>Has not applied the master's identity yet (a failover before its restart).</summary>
        Stale,
        /// <summary>Received a push from a master of another build: "not reflected correctly" (KB80406).</summary>
        Corrupt,
        /// <summary>The node is the source of configuration (the online master).</summary>
        Source,
    }
}
