using System.Collections.Generic;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Locking
{
    /// <summary>
    /// Run locks inside this process: for a lab, whose clusters live in the process's memory and no other
    /// process can touch. Two processes with labs of the same name do not hold each other up.
    /// </summary>
    public sealed class ProcessRunLocks : IRunLockTable
    {
        private readonly object _gate = new object();
        private readonly Dictionary<ClusterKey, string> _held = new Dictionary<ClusterKey, string>();

        public static ProcessRunLocks Instance { get; } = new ProcessRunLocks();

        public bool TryAcquire(ClusterKey cluster, string holder, out RunLock? runLock, out string? heldBy)
        {
            lock (_gate)
            {
                if (_held.TryGetValue(cluster, out var current))
                {
                    runLock = null;
                    heldBy = current;
                    return false;
                }
                _held[cluster] = holder;
            }
            heldBy = null;
            runLock = new RunLock(cluster, Where(cluster), () => { lock (_gate) _held.Remove(cluster); });
            return true;
        }

        public string? HolderOf(ClusterKey cluster)
        {
            lock (_gate) return _held.TryGetValue(cluster, out var holder) ? holder : null;
        }

        public string Where(ClusterKey cluster) => "this process (a lab's clusters live in it)";
    }
}
