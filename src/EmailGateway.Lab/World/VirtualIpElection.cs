using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Rules;

namespace EmailGateway.Lab.World
{
    /// <summary>
    /// Who serves which address (VRRP). Who wants an address is the KB's rule (<see cref="NodeSnapshot.Derived"/>):
    /// an online master its VIP, an online failover with no online master in its cluster its VIP, an online
    /// standalone node its own address when that is a virtual IP. A claimant serves once the takeover delay has
    /// passed; a returning master takes over from its own failover at once (preemption). The state it keeps is
    /// each node's claim (<see cref="LabNode.VipClaimSince"/>, <see cref="LabNode.VrrpActive"/>).
    /// </summary>
    internal sealed class VirtualIpElection
    {
        private readonly LabSettings _settings;
        private readonly Action<string> _note;

        public VirtualIpElection(LabSettings settings, Action<string> note)
        {
            _settings = settings;
            _note = note;
        }

        private TimeSpan Takeover => _settings.Timings.VrrpTakeover;

        /// <param name="initial">A fresh lab: every claimant serves at once, as in a cluster that has been up a while.</param>
        public void Elect(IReadOnlyList<LabNode> nodes, TimeSpan elapsed, bool initial)
        {
            var activeBefore = nodes.Where(n => n.VrrpActive).ToList();
            var now = _settings.Start + elapsed;
            var wanted = NodeSnapshot.Derived(nodes.Select(n => new SnapshotNode(n.ToStatus(now))),
                _settings.VirtualIp is null ? null : new[] { _settings.VirtualIp }).Segments.Single();
            foreach (var node in nodes)
            {
                if (wanted.ServedAddress(node.Name) is null)
                {
                    if (node.VrrpActive) _note($"{node.Name}: released {node.ServedAddress ?? "its address"}");
                    node.VrrpActive = false;
                    node.VipClaimSince = null;
                    continue;
                }
                if (node.VipClaimSince is null)
                {
                    var preempts = node.Mode == ClusterMode.Master && activeBefore.Any(o =>
                        o != node && o.Mode == ClusterMode.Failover && o.ClusterId == node.ClusterId && o.ServedAddress == node.ServedAddress);
                    node.VipClaimSince = initial || preempts ? elapsed - Takeover : elapsed;
                }
            }
            foreach (var node in nodes.Where(n => !n.VrrpActive && n.VipClaimSince is { } since && since + Takeover <= elapsed))
            {
                node.VrrpActive = true;
                node.ActiveSince = elapsed;
                node.RejectionNoted = false;
                _note($"{node.Name}: serves {node.ServedAddress} as {ModeNames.ToWire(node.Mode)}, greeting '{node.Helo}'");
            }
        }
    }
}
