using System.Globalization;
using EmailGateway.Inventory;
using EmailGateway.Sessions;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>
/// The lab's KB80406 cluster (meg1..meg4) behind sshd, on 127.0.1.&lt;firstOctet&gt;.., lab time running
/// <see cref="TimeScale"/> times faster than real time; sessions open from an inventory as an admin's would, with key authentication.
/// </summary>
public abstract class Kb80406SshLab : IDisposable
{
    protected Kb80406SshLab(int firstOctet, double timeScale, params string[] initArguments)
    {
        TimeScale = timeScale;
        Lab = ApplianceLab.Start(4, firstOctet,
            new[] { "--preset", "KB80406", "--time-scale", timeScale.ToString(CultureInfo.InvariantCulture) }.Concat(initArguments));
    }

    public ApplianceLab Lab { get; }
    public double TimeScale { get; }

    /// <param name="deviceProfilePath">The profile every appliance speaks; the built-in one when null.</param>
    public async Task<IReadOnlyList<GatewaySession>> OpenAsync(string? deviceProfilePath = null, bool hashedKnownHosts = false)
    {
        var options = new SshSessionOptions
        {
            Port = Lab.Cluster.Port,
            UserName = Lab.Cluster.UserName,
            // Key authentication, as fleets are usually run; AuthenticationTests cover passwords.
            KeyFilePath = Lab.Cluster.ClientKeyPath,
            KnownHostsPath = Lab.Cluster.WriteKnownHosts(Path.Combine(Lab.Directory, "known_hosts"), hashed: hashedKnownHosts),
            DeviceProfilePath = deviceProfilePath,
        };
        // An inventory names the appliances after the lab's nodes; the key still comes from the caller.
        var inventory = Path.Combine(Lab.Directory, "inventory.yaml");
        File.WriteAllText(inventory, $"defaults: {{ port: {Lab.Cluster.Port}, user: {Lab.Cluster.UserName} }}\nappliances:\n"
            + string.Concat(Lab.Cluster.Addresses.Select((address, i) => $"  - {{ name: meg{i + 1}, host: {address} }}\n")));
        var sessions = new List<GatewaySession>();
        foreach (var target in SshSessionFactory.FromInventory(InventoryFile.Load(inventory), options))
            sessions.Add(await SshSessionFactory.OpenAsync(target, null, default));
        return sessions;
    }

    public void Dispose() => Lab.Dispose();
}
