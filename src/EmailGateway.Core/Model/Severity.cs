namespace EmailGateway.Model
{
    public enum Severity
    {
        Information,
        Warning,
        Error,
    }
}
