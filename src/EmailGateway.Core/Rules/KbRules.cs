using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Rules
{
    /// <summary>
    /// Every rule KB80406 states, declared once: its name, the hazard it forbids, its citation and its remedy.
    /// The consistency check, the guard and the lab's invariant monitor all judge by these rules
    /// (<see cref="KbRuleSet"/>); findings carry the rule's name, refusals and lab violations its hazard's name.
    /// </summary>
    public static class KbRules
    {
        public static readonly KbRule MixedBuild = new KbRule
        {
            Name = "MixedBuild",
            Hazard = "MixedBuildOnline",
            HazardText = "put two builds online in one cluster",
            Citation = "KB80406, Cause and Workaround 1: members of different version, Patch or Hotfix online together do not sync",
            Remedy = "KB80406 workaround 1: never have members of different version/Patch/Hotfix online together. Take the odd member offline (Set-GatewayNodeState -State Offline) or give it another cluster id (Set-GatewayClusterId). " +
                     "While an upgrade is unfinished, KB80406 workaround 2: rebuild the cluster from same-build members only, dissolve it (Set-GatewayClusterMode -Mode Standalone), or give upgraded and not-yet-upgraded members different cluster ids; or finish the upgrade with Invoke-GatewayClusterUpgrade.",
        };

        public static readonly KbRule FallbackGreeting = new KbRule
        {
            Name = "FallbackGreeting",
            Hazard = "BadGreetingActive",
            HazardText = "let a node with a bad greeting serve the virtual IP",
            Citation = "KB80406, Problem: a failover that takes over greets with 'HELO scmgateway', which strict receivers refuse (554)",
            Remedy = "KB80406 recipes A/B: a member whose configuration is stale or corrupt greets with the factory name; restart it while it is online beside a master of its own build (Restart-GatewayNode) so it applies the master's configuration, and keep it offline until then so it cannot serve. " +
                     "A master or standalone node needs a fully qualified greeting in its own configuration.",
        };

        public static readonly KbRule MultipleMasters = new KbRule
        {
            Name = "MultipleMasters",
            Hazard = "MultipleMasters",
            HazardText = "put two masters online in one cluster",
            Citation = "KB80406, cluster facts: one master per cluster",
            Remedy = "A cluster has exactly one master (KB80406). Change the extra master's mode (Set-GatewayClusterMode) or give it another cluster id (Set-GatewayClusterId); take the one that should not serve offline first.",
        };

        public static readonly KbRule VirtualIpConflict = new KbRule
        {
            Name = "VirtualIpConflict",
            Hazard = "VirtualIpConflict",
            HazardText = "put two nodes online that answer for one address",
            Citation = "KB80406, cluster facts and recipe B step 3: master and failover share one virtual IP by VRRP; a standalone node takes it only in the master's place",
            Remedy = "Only one node may answer for an address (KB80406 recipe B step 3: a standalone interim node takes the virtual IP only while the master is offline). Take the node that should not serve offline (Set-GatewayNodeState -State Offline) or give it its own address.",
        };

        public static readonly KbRule ConfigNotInSync = new KbRule
        {
            Name = "ConfigNotInSync",
            Citation = "KB80406, Cause, and recipes A step 5 and B step 9: configuration is not reflected correctly across builds; the failover is restarted to take it",
            Remedy = "KB80406 recipes A/B: restart the member while it is online beside a master of its own build (Restart-GatewayNode) so it applies the master's configuration. " +
                     "A corrupt member on another build must first run the master's build; until then keep it off the network or in another cluster (KB80406 workaround 1).",
        };

        public static readonly KbRule NoMaster = new KbRule
        {
            Name = "NoMaster",
            Citation = "KB80406, cluster facts: the master synchronises configuration to the members",
            Remedy = "Members are online without a master: bring the master online (Set-GatewayNodeState -State Online), or make these members standalone (KB80406 workaround 2).",
        };

        public static readonly KbRule MultipleFailovers = new KbRule
        {
            Name = "MultipleFailovers",
            Citation = "KB80406, cluster facts: at most one failover per cluster",
            Remedy = "A cluster has at most one failover (KB80406). Change the extra failover to scanner or standalone (Set-GatewayClusterMode).",
        };

        public static readonly KbRule VirtualIpMismatch = new KbRule
        {
            Name = "VirtualIpMismatch",
            Citation = "KB80406, cluster facts: master and failover share a virtual IP and fail over by VRRP",
            Remedy = "Master and failover must share one virtual IP for VRRP (KB80406). Set it on the failover (Set-GatewayClusterMode -Mode Failover -VirtualIp <master's>).",
        };

        /// <summary>Every rule, in the order the consistency check reports them.</summary>
        public static IReadOnlyList<KbRule> All { get; } = new[]
        {
            MixedBuild, FallbackGreeting, ConfigNotInSync, MultipleMasters, NoMaster, MultipleFailovers, VirtualIpMismatch, VirtualIpConflict,
        };

        /// <summary>The rule of this name or hazard name (case-insensitive), or null.</summary>
        public static KbRule? Find(string name) => All.FirstOrDefault(r => r.IsNamed(name));
    }
}
