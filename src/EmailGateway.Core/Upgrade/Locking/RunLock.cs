using System;
using EmailGateway.Execution;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Locking
{
    /// <summary>
    /// Where run locks live and who holds them: one lock per cluster (segment and id), so a second run on
    /// the same cluster is refused whatever its journal. <see cref="MachineRunLocks"/> is shared by every
    /// user of the machine; <see cref="ProcessRunLocks"/> serves labs, which live inside one process.
    /// </summary>
    public interface IRunLockTable
    {
        /// <summary>Takes the cluster's lock, or says who holds it (<paramref name="heldBy"/>).</summary>
        bool TryAcquire(ClusterKey cluster, string holder, out RunLock? runLock, out string? heldBy);

        /// <summary>Who holds the cluster's lock now, or null when nobody does.</summary>
        string? HolderOf(ClusterKey cluster);

        /// <summary>Where the cluster's lock is kept, for messages.</summary>
        string Where(ClusterKey cluster);
    }

    /// <summary>A cluster's run lock, held until disposed (or until the process ends).</summary>
    public sealed class RunLock : IDisposable
    {
        private Action? _release;

        internal RunLock(ClusterKey cluster, string location, Action release)
        {
            Cluster = cluster;
            Location = location;
            _release = release;
        }

        public ClusterKey Cluster { get; }

        /// <summary>The lock file (or, for a lab, the process) that holds it.</summary>
        public string Location { get; }

        /// <summary>Who this process is, as a lock's holder and the journal's runner name it.</summary>
        public static string Describe()
        {
            return $"process {CurrentProcess.Id} on {Environment.MachineName} ({Environment.UserName})";
        }

        public void Dispose()
        {
            var release = _release;
            _release = null;
            release?.Invoke();
        }

        public override string ToString() => $"run lock of {Cluster} ({Location})";
    }
}
