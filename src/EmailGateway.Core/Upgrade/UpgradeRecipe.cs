namespace EmailGateway.Upgrade
{
    /// <summary>The KB80406 upgrade recipes.</summary>
    public enum UpgradeRecipe
    {
        /// <summary>Recipe A: the master is upgraded in place; service pauses for the master's update.</summary>
        MasterInPlace,
        /// <summary>Recipe B: the upgraded failover serves as interim master or standalone while the master upgrades; two short switch-overs.</summary>
        FailoverPromotion,
    }

    /// <summary>What the failover becomes while the master upgrades (recipe B step 3).</summary>
    public enum InterimMode
    {
        /// <summary>The failover becomes a cluster master serving the virtual IP.</summary>
        Master,
        /// <summary>The failover becomes a standard appliance that takes the virtual IP as its own address.</summary>
        Standalone,
    }

    /// <summary>What one plan step does.</summary>
    public enum UpgradeAction
    {
        /// <summary>Drain the mail queue (wait until it is empty), then take the traffic and cluster interfaces down.</summary>
        TakeOffline,
        /// <summary>Bring the traffic and cluster interfaces up.</summary>
        BringOnline,
        /// <summary>Upload, apply and wait for the node's return on the target build.</summary>
        Update,
        /// <summary>Change the cluster mode.</summary>
        SetMode,
        /// <summary>Change the traffic address (recipe B, standalone interim).</summary>
        SetAddress,
        /// <summary>Set the outbound greeting (re-seeds a failover whose synced configuration is corrupt).</summary>
        SetGreeting,
        /// <summary>Take one node out of service and bring another in, back to back (recipe B steps 4 and 6).</summary>
        Switchover,
        /// <summary>Restart and wait for the node's return.</summary>
        Restart,
    }
}

namespace EmailGateway.Upgrade
{
    /// <summary>How the node leaving service in a switch-over stops serving.</summary>
    public enum ReleaseBy
    {
        /// <summary>Its interfaces go down (the master at recipe B step 4; its queue waits with it and is delivered when it returns).</summary>
        TakeOffline,
        /// <summary>An interim master becomes standalone on its own address: it stays online, off the virtual IP, and delivers its queue.</summary>
        BecomeStandalone,
        /// <summary>A standalone interim node takes back its own address: it stays online, off the virtual IP, and delivers its queue.</summary>
        RestoreAddress,
    }
}
