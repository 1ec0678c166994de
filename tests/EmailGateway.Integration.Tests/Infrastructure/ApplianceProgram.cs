namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>
/// The appliance program sshd runs as ForceCommand, built beside the tests (or named by EMAILGATEWAY_APPLIANCE_PATH).
/// sshd runs it as the test user, who may not be able to enter the checkout (a clone under /root), so each
/// lab runs a copy in its own folder, which that user can reach and which goes with the lab.
/// </summary>
public static class ApplianceProgram
{
    /// <summary>The program as built, which root runs (for example <c>init</c>).</summary>
    public static string Path
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("EMAILGATEWAY_APPLIANCE_PATH");
            var path = !string.IsNullOrWhiteSpace(configured) ? configured : System.IO.Path.Combine(AppContext.BaseDirectory, "EmailGateway.Appliance");
            if (!File.Exists(path)) throw new FileNotFoundException($"The appliance program is missing at {path}; build src/EmailGateway.Appliance.", path);
            return path;
        }
    }

    /// <summary>Runs <c>init</c> to write a lab state file.</summary>
    public static void Init(params string[] arguments) => Shell.Run(Path, new[] { "init" }.Concat(arguments), stdin: null);

    /// <summary>Copies the program into the new folder <paramref name="folder"/>, checks that the test user can run it there, and returns the copy's path.</summary>
    public static string CopyForTestUser(string folder) => TestUser.Script("stage", Path, folder).Trim();
}

/// <summary>A lab served by real sshd processes through the appliance program: the state file, its folder, and the servers.</summary>
public sealed class ApplianceLab : IDisposable
{
    private ApplianceLab(string directory, string statePath, SshdCluster cluster)
    {
        Directory = directory;
        StatePath = statePath;
        Cluster = cluster;
    }

    public string Directory { get; }
    public string StatePath { get; }
    public SshdCluster Cluster { get; }

    /// <param name="labArguments">What init needs besides --state and addresses, e.g. "--preset", "KB80406".</param>
    public static ApplianceLab Start(int appliances, int firstOctet, IEnumerable<string> labArguments, bool testCommands = false, bool legacyOnly = false, string logLevel = "ERROR")
    {
        TestUser.Touch();
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "eg-lab-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        var statePath = System.IO.Path.Combine(directory, "lab.yaml");
        var environment = new Dictionary<string, string>();
        if (testCommands) environment["EMAILGATEWAY_APPLIANCE_TEST_COMMANDS"] = "1";
        try
        {
            ApplianceProgram.Init(new[] { "--state", statePath, "--first-address", $"127.0.1.{firstOctet}" }.Concat(labArguments).ToArray());
            // The appliance runs as the test user: it must lock, read and replace the state and write uploads.
            Shell.Run("chown", "-R", $"{TestUser.Name}:", directory);
            var program = ApplianceProgram.CopyForTestUser(System.IO.Path.Combine(directory, "appliance"));
            var cluster = SshdCluster.Start(new SshdOptions
            {
                Appliances = appliances,
                FirstOctet = firstOctet,
                ForceCommand = $"{program} --state {statePath}",
                Environment = environment,
                LegacyOnly = legacyOnly,
                LogLevel = logLevel,
            });
            return new ApplianceLab(directory, statePath, cluster);
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Key authentication to appliance <paramref name="index"/>, its host key pinned.</summary>
    public Transport.Ssh.SshConnectionSettings Settings(int index) => new()
    {
        Name = "meg" + (index + 1),
        Host = Cluster.Addresses[index],
        Port = Cluster.Port,
        UserName = Cluster.UserName,
        KeyFilePath = Cluster.ClientKeyPath,
        HostKeyFingerprint = Cluster.HostKeyFingerprint,
        ConnectTimeout = TimeSpan.FromSeconds(20),
        CommandTimeout = TimeSpan.FromSeconds(60),
    };

    public void Dispose()
    {
        Cluster.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
