namespace EmailGateway.Model
{
    /// <summary>The cluster role of an appliance. Standalone is the vendor's "standard appliance".</summary>
    public enum ClusterMode
    {
        Standalone,
        Master,
        Failover,
        Scanner,
    }
}
