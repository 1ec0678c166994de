using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.World;

namespace EmailGateway.Lab.Description
{
    /// <summary>
    /// The preset labs (en-US/about_EmailGateway_Lab.help.txt, PRESETS). <c>Healthy</c>: master, failover and two scanners on one build, in sync.
    /// <c>KB80406</c>: the same cluster caught mid-upgrade, the failover already on the next Patch and online
    /// beside the master, so its configuration is corrupt and it greets with <c>scmgateway</c>.
    /// </summary>
    public static class LabPresets
    {
        public const string Healthy = "Healthy";
        public const string KB80406 = "KB80406";

        public const string CurrentBuild = "7.6.4 P3";
        public const string NextBuild = "7.6.4 P4";
        public const string VirtualIp = "192.0.2.10";
        public const int ClusterId = 12;

        public static IReadOnlyList<string> Names { get; } = new[] { Healthy, KB80406 };

        /// <summary>The YAML description of a preset (what a user can copy and edit).</summary>
        public static string Yaml(string name) => Canonical(name) switch
        {
            Healthy => Describe(Healthy, failoverBuild: CurrentBuild, failoverSync: "in-sync", failoverHelo: "mail.example.com"),
            _ => Describe(KB80406, failoverBuild: NextBuild, failoverSync: "corrupt", failoverHelo: "scmgateway"),
        };

        public static LabWorld Create(string name) => LabDescription.Parse(Yaml(name), "preset " + Canonical(name));

        public static string Canonical(string name) =>
            Names.FirstOrDefault(n => string.Equals(n, (name ?? string.Empty).Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{name}' is not a lab preset. Presets: {string.Join(", ", Names)}.", nameof(name));

        private static string Describe(string name, string failoverBuild, string failoverSync, string failoverHelo) => $@"settings:
  name: {name}
  virtualIp: {VirtualIp}
  mailPerSecond: 1
  timings: {{ update: 20m, restart: 5m, vrrpTakeover: 3s, configPush: 60s, queueHold: 5s }}
nodes:
  - {{ name: meg1, hostname: meg1.example.com, product: MEG, build: {CurrentBuild}, mode: master,   clusterId: {ClusterId}, virtualIp: {VirtualIp}, address: 192.0.2.11, helo: mail.example.com, sync: source, network: online, revision: 42 }}
  - {{ name: meg2, hostname: meg2.example.com, product: MEG, build: {failoverBuild}, mode: failover, clusterId: {ClusterId}, virtualIp: {VirtualIp}, address: 192.0.2.12, helo: {failoverHelo}, sync: {failoverSync}, network: online, revision: 42 }}
  - {{ name: meg3, hostname: meg3.example.com, product: MEG, build: {CurrentBuild}, mode: scanner,  clusterId: {ClusterId}, address: 192.0.2.13, helo: mail.example.com, sync: in-sync, network: online, revision: 42, scanning: true }}
  - {{ name: meg4, hostname: meg4.example.com, product: MEG, build: {CurrentBuild}, mode: scanner,  clusterId: {ClusterId}, address: 192.0.2.14, helo: mail.example.com, sync: in-sync, network: online, revision: 42, scanning: true }}
";
    }
}
