namespace EmailGateway.Upgrade.Fleet
{
    /// <summary>What a rollout tells its caller as clusters start and finish. Called from the rollout's threads.</summary>
    public interface IFleetObserver
    {
        /// <param name="slot">Which of the throttle's slots runs it (0-based): runs at once have different slots.</param>
        /// <param name="order">The how-many-th cluster to start (1-based).</param>
        void ClusterStarting(FleetMember member, int slot, int order, int total);

        void ClusterFinished(FleetClusterResult result, int slot, int finished, int total);

        void Message(string text);
    }

    public class NullFleetObserver : IFleetObserver
    {
        public virtual void ClusterStarting(FleetMember member, int slot, int order, int total) { }
        public virtual void ClusterFinished(FleetClusterResult result, int slot, int finished, int total) { }
        public virtual void Message(string text) { }
    }
}
