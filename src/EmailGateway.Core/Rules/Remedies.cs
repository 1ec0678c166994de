namespace EmailGateway.Rules
{
    /// <summary>The KB80406 workarounds, worded as what to run.</summary>
    internal static class Remedies
    {
        public const string Workaround1 =
            "KB80406 workaround 1: never have members of different version/Patch/Hotfix online together. Take the odd member offline (Set-GatewayNodeState -State Offline) or give it another cluster id (Set-GatewayClusterId).";

        public const string Workaround2 =
            "KB80406 workaround 2: rebuild the cluster from same-build members only, dissolve it (Set-GatewayClusterMode -Mode Standalone), or give upgraded and not-yet-upgraded members different cluster ids; or finish the upgrade with Invoke-GatewayClusterUpgrade.";

        public const string Resync =
            "KB80406 recipes A/B: restart the member while it is online beside a master of its own build (Restart-GatewayNode) so it applies the master's configuration.";

        public const string OneMaster =
            "A cluster has exactly one master. Change the extra master's mode (Set-GatewayClusterMode) or give it another cluster id (Set-GatewayClusterId).";

        public const string BringMaster =
            "Members are online without a master: bring the master online (Set-GatewayNodeState -State Online), or make these members standalone (KB80406 workaround 2).";

        public const string OneFailover =
            "A cluster has at most one failover. Change the extra failover to scanner or standalone (Set-GatewayClusterMode).";

        public const string SameVirtualIp =
            "Master and failover must share one virtual IP for VRRP. Set it on the failover (Set-GatewayClusterMode -Mode Failover -VirtualIp <master's>).";
    }
}
