using System.Security;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>A small sshd cluster shared by the connection tests.</summary>
public sealed class ApplianceFixture : IDisposable
{
    public ApplianceFixture()
    {
        var script = Path.Combine(Path.GetTempPath(), "eg-echo-" + Guid.NewGuid().ToString("N")[..8] + ".sh");
        File.WriteAllText(script, "#!/bin/sh\nif [ \"$SSH_ORIGINAL_COMMAND\" = fail ]; then echo 'error: unknown-command: fail' >&2; exit 2; fi\necho \"ran: $SSH_ORIGINAL_COMMAND\"\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        ScriptPath = script;
        Cluster = SshdCluster.Start(new SshdOptions { Appliances = 4, ForceCommand = script });
    }

    public SshdCluster Cluster { get; }
    private string ScriptPath { get; }

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
        Cluster.Dispose();
        File.Delete(ScriptPath);
    }
}

[CollectionDefinition(Name)]
public sealed class ApplianceCollection : ICollectionFixture<ApplianceFixture>
{
    public const string Name = "sshd appliances";
}
