using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Smtp;

namespace EmailGateway.Lab.Fleet
{
    /// <summary>The size of a Fleet lab: how many sites, and how many scanners each site has besides its master and failover.</summary>
    public sealed class FleetPresetSize
    {
        public const int MaxSites = 1000;
        public const int MaxScanners = 16;

        public int Sites { get; set; } = 10;
        public int ScannersPerSite { get; set; } = 2;

        internal void Validate()
        {
            if (Sites < 1 || Sites > MaxSites) throw new ArgumentOutOfRangeException(nameof(Sites), Sites, $"A Fleet lab has 1-{MaxSites} sites.");
            if (ScannersPerSite < 0 || ScannersPerSite > MaxScanners)
                throw new ArgumentOutOfRangeException(nameof(ScannersPerSite), ScannersPerSite, $"A site has 0-{MaxScanners} scanners.");
        }
    }

    /// <summary>
    /// The <c>Fleet</c> preset: many sites, each its own segment (<c>site-001</c>, ...) with one cluster of the
    /// same id (12, the one factory default everybody keeps), a master, a failover and scanners on 7.6.4 P3.
    /// Every fifth site from <c>site-003</c> is caught in the KB80406 state (its failover on 7.6.4 P4, corrupt,
    /// greeting <c>scmgateway</c>); at <c>site-002</c> the failover's update fails (lab fault UpdateFails);
    /// the rest are healthy. Nodes are named <c>s001-meg1</c> (master), <c>s001-meg2</c> (failover),
    /// <c>s001-meg3</c>... (scanners). Built directly, not parsed, so 200 sites take a moment.
    /// </summary>
    public static class FleetPreset
    {
        public const string Name = "Fleet";
        public const int FailingSite = 2;

        public static string SiteName(int site) => "site-" + site.ToString("000", CultureInfo.InvariantCulture);

        public static string NodeName(int site, int member) => $"s{site.ToString("000", CultureInfo.InvariantCulture)}-meg{member}";

        /// <summary>True for the sites caught in the KB80406 state: every fifth from the third.</summary>
        public static bool IsKb80406Site(int site) => site >= 3 && (site - 3) % 5 == 0;

        /// <summary>The sites of a fleet of this size caught in the KB80406 state.</summary>
        public static IReadOnlyList<string> Kb80406Sites(int sites) => Enumerable.Range(1, sites).Where(IsKb80406Site).Select(SiteName).ToList();

        public static LabFleet Create(FleetPresetSize size)
        {
            (size ?? throw new ArgumentNullException(nameof(size))).Validate();
            return new LabFleet(Enumerable.Range(1, size.Sites).Select(site => Site(site, size.ScannersPerSite)).ToList());
        }

        private static LabWorld Site(int site, int scanners)
        {
            var virtualIp = Address(site, 10);
            var settings = new LabSettings { Name = Name, Segment = SiteName(site), VirtualIp = virtualIp, MailPerSecond = 1 };
            var current = GatewayBuild.Parse(LabPresets.CurrentBuild);
            var kb80406 = IsKb80406Site(site);
            var nodes = new List<LabNode>
            {
                Member(site, 1, ClusterMode.Master, current, virtualIp),
                Member(site, 2, ClusterMode.Failover, kb80406 ? GatewayBuild.Parse(LabPresets.NextBuild) : current, virtualIp),
            };
            for (var i = 0; i < scanners; i++) nodes.Add(Member(site, 3 + i, ClusterMode.Scanner, current, null));
            if (kb80406)
            {
                nodes[1].Sync = SyncState.Corrupt;
                nodes[1].ConfiguredHelo = HeloName.FactoryDefault;
            }
            if (site == FailingSite) nodes[1].Faults.UpdateFails = true;
            return LabWorld.Start(settings, nodes);
        }

        private static LabNode Member(int site, int member, ClusterMode mode, GatewayBuild build, string? virtualIp)
        {
            var name = NodeName(site, member);
            return new LabNode(name)
            {
                Hostname = name + ".example.com",
                Product = "MEG",
                Build = build,
                Mode = mode,
                ClusterId = new ClusterId(LabPresets.ClusterId),
                VirtualIp = virtualIp,
                Network = NetworkState.Online,
                Address = Address(site, 10 + member),
                ConfiguredHelo = "mail.example.com",
                Revision = 42,
                Sync = mode == ClusterMode.Master ? SyncState.Source : SyncState.InSync,
            };
        }

        // Each site its own private network, 10.<site / 256>.<site % 256>.0/24.
        private static string Address(int site, int host) =>
            string.Format(CultureInfo.InvariantCulture, "10.{0}.{1}.{2}", site / 256, site % 256, host);
    }
}
