using System.Security;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>A small sshd cluster shared by the connection tests.</summary>
public sealed class ApplianceFixture : IDisposable
{
    public const int Appliances = 6;

    public ApplianceFixture()
    {
        DialectProfilePath = Path.Combine(Path.GetTempPath(), "eg-dialect-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        File.WriteAllText(DialectProfilePath, AlternateDialect.Yaml);
        // Six appliances (two clusters of the fleet shape); meg5 speaks another dialect, meg6 refuses exec requests.
        Lab = ApplianceLab.Start(Appliances, firstOctet: 1, new[] { "--fleet", "6", "--dialect", "meg5=" + DialectProfilePath, "--shell-only", "meg6" }, testCommands: true);
    }

    public ApplianceLab Lab { get; }
    public SshdCluster Cluster => Lab.Cluster;
    public string DialectProfilePath { get; }

    public SshConnectionSettings Settings(int index = 0, bool password = false, string? knownHosts = null) => new()
    {
        Name = "meg" + (index + 1),
        Host = Cluster.Addresses[index],
        Port = Cluster.Port,
        UserName = Cluster.UserName,
        Password = password ? Secure(Cluster.Password) : null,
        KeyFilePath = password ? null : Cluster.ClientKeyPath,
        KnownHostsPath = knownHosts ?? Cluster.WriteKnownHosts(TempFile("known_hosts")),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromSeconds(20),
    };

    public string TempFile(string name) => Path.Combine(Cluster.Directory, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public void Dispose()
    {
        Lab.Dispose();
        File.Delete(DialectProfilePath);
    }
}

[CollectionDefinition(Name)]
public sealed class ApplianceCollection : ICollectionFixture<ApplianceFixture>
{
    public const string Name = "sshd appliances";
}
