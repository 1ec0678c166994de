using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.Description;
using EmailGateway.Model;

namespace EmailGateway.Lab.World
{
    // Ways to make a lab: a preset, a YAML description, or a twin of nodes read from real appliances.
    public sealed partial class LabWorld
    {
        /// <summary>A preset lab: <c>Healthy</c> or <c>KB80406</c> (case-insensitive).</summary>
        public static LabWorld FromPreset(string name) => LabPresets.Create(name);

        public static LabWorld FromYaml(string yaml, string source = "lab description") => LabDescription.Parse(yaml, source);

        public static LabWorld FromYamlFile(string path) => LabDescription.Load(path);

        /// <summary>
        /// A lab twin of nodes read from live appliances: same builds, modes, ids, addresses, greetings, sync,
        /// network state and queues. The mail stream goes to the master's virtual IP (else any node's).
        /// A node's configured greeting is taken as the greeting it reports.
        /// </summary>
        public static LabWorld FromNodes(IEnumerable<GatewayNode> nodes, LabSettings? settings = null)
        {
            var list = (nodes ?? throw new ArgumentNullException(nameof(nodes))).Where(n => n != null).ToList();
            if (list.Count == 0) throw new ArgumentException("A lab twin needs at least one node.", nameof(nodes));
            settings = settings?.Clone() ?? new LabSettings { Name = "twin" };
            settings.VirtualIp = list.Where(n => n.Mode == ClusterMode.Master).Select(n => n.VirtualIp).FirstOrDefault(v => v != null)
                                 ?? list.Select(n => n.VirtualIp).FirstOrDefault(v => v != null)
                                 ?? settings.VirtualIp;
            var labNodes = list.Select(source =>
            {
                var name = !string.IsNullOrWhiteSpace(source.ComputerName) ? source.ComputerName : source.Hostname;
                if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A node without a name or hostname cannot be copied into a lab.", nameof(nodes));
                var node = new LabNode(name.Trim())
                {
                    Hostname = source.Hostname,
                    Product = source.Product.Length > 0 ? source.Product : "MEG",
                    Build = source.Build ?? throw new ArgumentException($"The node '{name}' has no build.", nameof(nodes)),
                    Mode = source.Mode,
                    ClusterId = new ClusterId(source.ClusterId),
                    VirtualIp = source.VirtualIp,
                    Scanning = source.Scanning,
                    Network = source.NetworkState,
                    Address = source.Address,
                    ConfiguredHelo = source.Helo,
                    Revision = source.ConfigRevision,
                    Sync = source.Mode == ClusterMode.Master || source.Mode == ClusterMode.Standalone ? SyncState.Source
                        : source.Sync == SyncState.Source ? SyncState.InSync : source.Sync,
                };
                for (var i = 0; i < Math.Max(0, source.MailQueue); i++) node.Queue.Add(TimeSpan.Zero);
                return node;
            });
            return Start(settings, labNodes);
        }
    }
}
