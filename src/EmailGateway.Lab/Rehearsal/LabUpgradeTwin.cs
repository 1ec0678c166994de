using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Transport;
using EmailGateway.Upgrade.Orchestration;
using EmailGateway.Upgrade.Reporting;

namespace EmailGateway.Lab.Rehearsal
{
    /// <summary>A lab's mail account and violations, in the upgrade report's terms.</summary>
    public sealed class LabServiceAccount : IServiceAccount
    {
        private readonly LabWorld _world;
        private readonly string _prefix;

        /// <param name="prefix">Put before node names, so violations name nodes as their sessions do.</param>
        public LabServiceAccount(LabWorld world, string prefix = "")
        {
            _world = world ?? throw new ArgumentNullException(nameof(world));
            _prefix = prefix ?? string.Empty;
        }

        public ServiceFigures Read() => From(_world.GetReport().WithNodePrefix(_prefix, _world.NodeNames));

        public static ServiceFigures From(LabReport report) => new ServiceFigures
        {
            OutageSeconds = report.OutageSeconds,
            OutageWindows = report.OutageWindows.ToList(),
            RejectedDeliveries = report.RejectedDeliveries,
            DeliveredMessages = report.DeliveredMessages,
            DeferredMessages = report.DeferredMessages,
            StrandedMessages = report.StrandedMessages,
            Violations = report.Violations.Select(v => new ViolationRecord { Name = v.Name, Nodes = v.Nodes.ToList(), Detail = v.Detail, From = v.From, To = v.To }).ToList(),
        };
    }

    /// <summary>A lab twin of live nodes (LabWorld.FromNodes) for -Rehearse.</summary>
    public sealed class LabUpgradeTwin : IUpgradeTwin
    {
        public LabUpgradeTwin(LabWorld world)
        {
            World = world ?? throw new ArgumentNullException(nameof(world));
            Clients = world.NodeNames.ToDictionary(n => n, n => new GatewayClient(world.CreateTransport(n)), StringComparer.OrdinalIgnoreCase);
            Account = new LabServiceAccount(world);
        }

        public LabWorld World { get; }
        public IReadOnlyDictionary<string, GatewayClient> Clients { get; }
        public IServiceAccount Account { get; }

        public void Dispose()
        {
            foreach (var client in Clients.Values) client.Transport.Dispose();
        }
    }

    public sealed class LabUpgradeTwinFactory : IUpgradeTwinFactory
    {
        private readonly LabSettings? _settings;

        public LabUpgradeTwinFactory(LabSettings? settings = null) => _settings = settings;

        public IUpgradeTwin Create(IReadOnlyList<GatewayNode> nodes) => new LabUpgradeTwin(LabWorld.FromNodes(nodes, _settings));
    }
}
