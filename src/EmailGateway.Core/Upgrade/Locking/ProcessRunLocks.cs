using System.Collections.Generic;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Locking
{
    /// <summary>
    /// Run locks inside this process: for labs, whose clusters live in the process's memory and no other
    /// process can touch. Each set of labs (one per runspace) has a table of its own, so labs of the same
    /// name in two runspaces or two processes do not hold each other up.
    /// </summary>
    public sealed class ProcessRunLocks : IRunLockTable
    {
        private readonly object _gate = new object();
        private readonly Dictionary<ClusterKey, string> _held = new Dictionary<ClusterKey, string>();

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
