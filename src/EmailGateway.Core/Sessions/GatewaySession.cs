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

        public GatewaySession(IGatewayTransport transport, DeviceProfile? profile = null, string? labName = null)
        {
            Transport = transport ?? throw new ArgumentNullException(nameof(transport));
            Profile = profile ?? DeviceProfile.Default;
            LabName = labName;
            Id = Interlocked.Increment(ref _lastId);
            CreatedAt = DateTimeOffset.UtcNow;
        }

        public int Id { get; }
        public string ComputerName => Transport.ComputerName;

        /// <summary>Lab or Ssh.</summary>
        public string Kind => Transport.Kind;

        public string? LabName { get; }

        /// <summary>
        /// The network segment the session's node sits in when its status names none: a lab's nodes are a
        /// segment of their own (the lab's name), every other node is in the default segment (empty).
        /// </summary>
        public string Segment => LabName ?? string.Empty;
        public DeviceProfile Profile { get; }
        public DateTimeOffset CreatedAt { get; }
        public bool IsDisposed => _disposed != 0;

        public IGatewayTransport Transport { get; }

        public GatewayClient CreateClient(IOperationLog? log = null)
        {
            if (IsDisposed) throw new ObjectDisposedException(nameof(GatewaySession), $"The session to {ComputerName} has been removed.");
            return new GatewayClient(Transport, Profile, log);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Transport.Dispose();
        }

        public override string ToString() => $"{ComputerName} ({Transport.Kind})";
    }
}
