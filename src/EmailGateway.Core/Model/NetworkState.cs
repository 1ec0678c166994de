namespace EmailGateway.Model
{
    /// <summary>Whether the traffic and cluster interfaces are up. Management stays reachable either way.</summary>
    public enum NetworkState
    {
        Online,
        Offline,
    }
}
