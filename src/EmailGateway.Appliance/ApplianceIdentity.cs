using EmailGateway.Lab.World;

namespace EmailGateway.Appliance;

/// <summary>Which appliance this process is: the node mapped to the server address the client reached.</summary>
internal static class ApplianceIdentity
{
    /// <summary>For running the program by hand: names the node directly.</summary>
    public const string NodeOverride = "EMAILGATEWAY_APPLIANCE_NODE";

    /// <summary>The server address from SSH_CONNECTION ("client-ip client-port server-ip server-port").</summary>
    public static string? ServerAddress()
    {
        var connection = Environment.GetEnvironmentVariable("SSH_CONNECTION");
        if (string.IsNullOrWhiteSpace(connection)) return null;
        var parts = connection.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 4 ? parts[2] : null;
    }

    public static string Resolve(LabWorld world)
    {
        var forced = Environment.GetEnvironmentVariable(NodeOverride);
        if (!string.IsNullOrWhiteSpace(forced))
        {
            if (!world.HasNode(forced)) throw new ApplianceException("not-found", $"the lab has no node '{forced}'");
            return forced;
        }
        var address = ServerAddress() ?? throw new ApplianceException("not-found", "SSH_CONNECTION is not set, so the appliance cannot tell which node it is");
        if (world.Annotations.TryGetValue(ApplianceAnnotations.AddressPrefix + address, out var node) && world.HasNode(node)) return node;
        throw new ApplianceException("not-found", $"no lab node is mapped to the address {address}");
    }

    public static bool IsShellOnly(LabWorld world, string node) =>
        world.Annotations.TryGetValue(ApplianceAnnotations.ShellOnlyPrefix + node, out var value) && value == "true";

    public static string? DialectPath(LabWorld world, string node) =>
        world.Annotations.TryGetValue(ApplianceAnnotations.DialectPrefix + node, out var path) ? path : null;
}

/// <summary>A failure this program reports as the protocol's error line.</summary>
internal sealed class ApplianceException : Exception
{
    public ApplianceException(string code, string message) : base(message) => Code = code;
    public string Code { get; }
}
