namespace EmailGateway.Appliance;

/// <summary>
/// The keys this program keeps in the lab state's annotations, so one file tells every appliance
/// process who it is, how lab time maps to real time, and which dialect and channels it speaks.
/// </summary>
internal static class ApplianceAnnotations
{
    /// <summary>address/&lt;ip&gt; = node: the appliance reached on that server address.</summary>
    public const string AddressPrefix = "appliance.address/";

    /// <summary>Real UTC time at which the lab's clock read <see cref="LabAnchor"/>.</summary>
    public const string RealAnchor = "appliance.realAnchor";

    public const string LabAnchor = "appliance.labAnchor";

    /// <summary>Lab seconds per real second.</summary>
    public const string TimeScale = "appliance.timeScale";

    /// <summary>dialect/&lt;node&gt; = <c>text</c> for the built-in text CLI, or a device profile file whose commands and status keys the node speaks.</summary>
    public const string DialectPrefix = "appliance.dialect/";

    /// <summary>shellOnly/&lt;node&gt; = true: the node refuses exec requests, like CLIs that allow only an interactive shell.</summary>
    public const string ShellOnlyPrefix = "appliance.shellOnly/";
}
