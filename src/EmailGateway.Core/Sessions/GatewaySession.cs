using System;
using System.Threading;
using EmailGateway.Profiles;
using EmailGateway.Transport;

namespace EmailGateway.Sessions
{
    /// <summary>
    /// A named, reusable way to reach one appliance: a transport and the device profile spoken over it.
    /// Lab nodes and SSH appliances are both sessions.
    /// </summary>
    public sealed class GatewaySession : IDisposable
    {
        private static int _lastId;
        private int _disposed;

        /// <param name="segment">The network segment the appliance sits in; null or empty for the default segment.</param>
        public GatewaySession(IGatewayTransport transport, DeviceProfile? profile = null, string? labName = null, string? segment = null)
        {
            Transport = transport ?? throw new ArgumentNullException(nameof(transport));
            Profile = profile ?? DeviceProfile.Default;
            LabName = labName;
            Segment = Model.SegmentName.Validate(segment, nameof(segment));
            Id = Interlocked.Increment(ref _lastId);
            CreatedAt = DateTimeOffset.UtcNow;
        }

        public int Id { get; }
        public string ComputerName => Transport.ComputerName;

        /// <summary>Lab or Ssh.</summary>
        public string Kind => Transport.Kind;

        public string? LabName { get; }

        /// <summary>
        /// The network segment (one site's VRRP domain) of the appliance; empty for the default segment. Every
        /// status read through this session carries it, so clusters are told apart by segment and id.
        /// </summary>
        public string Segment { get; }

        public DeviceProfile Profile { get; }
        public DateTimeOffset CreatedAt { get; }
        public bool IsDisposed => _disposed != 0;

        public IGatewayTransport Transport { get; }

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public string? Lab => LabName;
        public DateTimeOffset Created => CreatedAt;

        public GatewayClient CreateClient(IOperationLog? log = null)
        {
            if (IsDisposed) throw new ObjectDisposedException(nameof(GatewaySession), $"The session to {ComputerName} has been removed.");
            return new GatewayClient(Transport, Profile, log, Segment);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Transport.Dispose();
        }

        public override string ToString() => $"{ComputerName} ({Transport.Kind})";
    }
}
