namespace EmailGateway.Model
{
    /// <summary>An appliance refuses work while it is not Running.</summary>
    public enum PowerState
    {
        Running,
        Updating,
        Rebooting,
    }
}
