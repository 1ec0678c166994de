using System.Threading;
using EmailGateway.Upgrade.Fleet;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>The fleet's progress bar, above every cluster's: how many clusters are done and which started last.</summary>
    internal sealed class FleetProgress : IFleetObserver
    {
        private readonly PipelinePump _pump;
        private int _finished;

        public FleetProgress(PipelinePump pump) => _pump = pump;

        public void ClusterStarting(FleetMember member, int slot, int order, int total) =>
            _pump.FleetProgress($"{Volatile.Read(ref _finished)} of {total} clusters done; starting {member.Cluster} ({order} of {total})", Percent(total), completed: false);

        public void ClusterFinished(FleetClusterResult result, int slot, int finished, int total)
        {
            Volatile.Write(ref _finished, finished);
            _pump.Message(result.ToString());
            _pump.FleetProgress($"{finished} of {total} clusters done", Percent(total), completed: finished == total);
        }

        public void Message(string text) => _pump.Message(text);

        private int Percent(int total) => total == 0 ? 100 : 100 * Volatile.Read(ref _finished) / total;
    }
}
