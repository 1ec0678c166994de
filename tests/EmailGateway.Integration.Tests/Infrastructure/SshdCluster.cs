using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>What the sshd processes serve and how.</summary>
public sealed class SshdOptions
{
    /// <summary>How many appliance addresses (127.0.1.1 ...) to listen on; one sshd per 16.</summary>
    public int Appliances { get; init; } = 4;

    /// <summary>The command every session runs (sshd's ForceCommand).</summary>
    public required string ForceCommand { get; init; }

    /// <summary>Environment for the ForceCommand (sshd's SetEnv).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>First address's last octet; lets several clusters share 127.0.1.0/24.</summary>
    public int FirstOctet { get; init; } = 1;

    /// <summary>Offer only legacy algorithms (SHA-1 key exchange, ssh-rsa host key, CBC, hmac-sha1), like an old appliance.</summary>
    public bool LegacyOnly { get; init; }

    /// <summary>sshd's MaxStartups; null leaves sshd's default (10:30:100).</summary>
    public string? MaxStartups { get; init; } = "256:30:512"; // a real fleet has one sshd per appliance; here 16 share one

    /// <summary>The host key types the server holds (ssh-keygen -t names), the first one being <see cref="SshdCluster.HostKeyPath"/>.</summary>
    public IReadOnlyList<string> HostKeyTypes { get; init; } = new[] { "ed25519" };

    /// <summary>sshd's LogLevel; DEBUG3 logs every message the server receives ("receive packet: type N").</summary>
    public string LogLevel { get; init; } = "ERROR";
}

/// <summary>
/// Real OpenSSH sshd processes on 127.0.1.x, one per 16 addresses (sshd's listen-socket limit), with
/// generated host and client keys in a temporary folder, their own configuration, and the throwaway user.
/// Stopped by PID on dispose.
/// </summary>
public sealed class SshdCluster : IDisposable
{
    public const string SshdPath = "/usr/sbin/sshd";
    private const int AddressesPerSshd = 16;
    private readonly List<Process> _servers = new();
    private readonly HashSet<int> _frozen = new();

    private SshdCluster(SshdOptions options, string directory, int port)
    {
        Options = options;
        Directory = directory;
        Port = port;
        Addresses = Enumerable.Range(options.FirstOctet, options.Appliances).Select(i => $"127.0.1.{i}").ToList();
    }

    public SshdOptions Options { get; }
    public string Directory { get; }
    public int Port { get; }
    public IReadOnlyList<string> Addresses { get; }
    public string UserName => TestUser.Name;

    /// <summary>The listening sshd processes (not the per-connection ones they fork).</summary>
    public IReadOnlyList<int> ServerProcessIds => _servers.Select(server => server.Id).ToList();
    public string Password => TestUser.Password;
    public string HostKeyPath => HostKeyPaths[0];
    public IReadOnlyList<string> HostKeyPaths => (Options.LegacyOnly ? new[] { "rsa" } : Options.HostKeyTypes).Select(HostKeyPathOf).ToList();
    public string HostKeyPathOf(string type) => Path.Combine(Directory, $"ssh_host_{type}_key");
    public string ClientKeyPath => Path.Combine(Directory, "client_ed25519");
    public string EncryptedClientKeyPath => Path.Combine(Directory, "client_ed25519_encrypted");
    public string ClientKeyPassphrase => "correct horse " + Port;
    public string OtherHostKeyPath => Path.Combine(Directory, "other_host_ed25519_key");
    public string LogPath => Path.Combine(Directory, "sshd.log");

    /// <summary>The host public key as it appears in known_hosts: "type base64".</summary>
    public string HostPublicKey => PublicKeyOf(HostKeyPath);
    public string HostKeyFingerprint => Shell.Run("ssh-keygen", "-l", "-E", "sha256", "-f", HostKeyPath + ".pub").Split(' ')[1];

    public static SshdCluster Start(SshdOptions options)
    {
        if (!File.Exists(SshdPath))
            throw new InvalidOperationException($"{SshdPath} is missing: install OpenSSH's server first (apt-get install -y openssh-server).");
        if (options.Appliances < 1 || options.FirstOctet + options.Appliances > 255) throw new ArgumentOutOfRangeException(nameof(options));
        TestUser.Touch();
        System.IO.Directory.CreateDirectory("/run/sshd"); // sshd's privilege-separation directory

        var directory = Path.Combine(Path.GetTempPath(), "eg-sshd-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var cluster = new SshdCluster(options, directory, FreePort(options));
        try
        {
            cluster.GenerateKeys();
            cluster.StartServers();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Writes a known_hosts file trusting this cluster's host key for every address, plain or hashed.</summary>
    public string WriteKnownHosts(string path, bool hashed = false, string? publicKey = null)
    {
        var key = publicKey ?? HostPublicKey;
        var lines = new StringBuilder();
        lines.AppendLine("# known hosts written by the test");
        lines.AppendLine("@cert-authority *.example.com " + PublicKeyOf(OtherHostKeyPath));
        foreach (var address in Addresses)
            lines.AppendLine($"[{address}]:{Port} {key}");
        File.WriteAllText(path, lines.ToString());
        if (hashed) Shell.Run("ssh-keygen", "-H", "-f", path);
        return path;
    }

    public string OtherHostPublicKey => PublicKeyOf(OtherHostKeyPath);

    /// <summary>Makes a client key of another type (ssh-keygen -t), authorized like the others, and returns its path.</summary>
    public string AddClientKey(string type)
    {
        var path = Path.Combine(Directory, "client_" + type);
        Shell.Run("ssh-keygen", new[] { "-q", "-t", type, "-N", "", "-C", "admin-" + type, "-f", path }.Concat(type == "rsa" ? new[] { "-b", "2048" } : new string[0]), stdin: null);
        File.AppendAllText(Path.Combine(Directory, "authorized_keys"), File.ReadAllText(path + ".pub"));
        return path;
    }

    private static string PublicKeyOf(string privateKeyPath)
    {
        var parts = File.ReadAllText(privateKeyPath + ".pub").Trim().Split(' ');
        return parts[0] + " " + parts[1];
    }

    private void GenerateKeys()
    {
        foreach (var path in HostKeyPaths)
        {
            var type = Path.GetFileName(path).Split('_')[2];
            Shell.Run("ssh-keygen", new[] { "-q", "-t", type, "-N", "", "-C", "appliance", "-f", path }.Concat(type == "rsa" ? new[] { "-b", "2048" } : new string[0]), stdin: null);
        }
        Shell.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "impostor", "-f", OtherHostKeyPath);
        Shell.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "admin", "-f", ClientKeyPath);
        Shell.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", ClientKeyPassphrase, "-C", "admin-encrypted", "-f", EncryptedClientKeyPath);
        File.WriteAllText(Path.Combine(Directory, "authorized_keys"),
            File.ReadAllText(ClientKeyPath + ".pub") + File.ReadAllText(EncryptedClientKeyPath + ".pub"));
    }

    private void StartServers()
    {
        var chunks = Addresses.Chunk(AddressesPerSshd).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var configPath = Path.Combine(Directory, $"sshd_config.{i}");
            File.WriteAllText(configPath, Config(chunks[i], Path.Combine(Directory, $"sshd.{i}.pid")));
            Shell.Run(SshdPath, "-t", "-f", configPath);
            var start = new ProcessStartInfo(SshdPath) { UseShellExecute = false };
            foreach (var argument in new[] { "-D", "-f", configPath, "-E", LogPath }) start.ArgumentList.Add(argument);
            _servers.Add(Process.Start(start) ?? throw new InvalidOperationException("sshd did not start."));
        }
        var deadline = DateTime.UtcNow.AddSeconds(15);
        foreach (var address in Addresses)
        {
            while (!Accepts(address, Port))
            {
                if (_servers.Any(s => s.HasExited)) throw new InvalidOperationException($"sshd exited: {SafeRead(LogPath)}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"sshd did not listen on {address}:{Port}: {SafeRead(LogPath)}");
                Thread.Sleep(20);
            }
        }
    }

    private string Config(IEnumerable<string> addresses, string pidFile)
    {
        var text = new StringBuilder();
        foreach (var address in addresses) text.AppendLine($"ListenAddress {address}:{Port}");
        foreach (var hostKey in HostKeyPaths) text.AppendLine($"HostKey {hostKey}");
        text.AppendLine($"PidFile {pidFile}");
        text.AppendLine("UsePAM no");
        text.AppendLine("PasswordAuthentication yes");
        text.AppendLine("KbdInteractiveAuthentication no");
        text.AppendLine("PubkeyAuthentication yes");
        text.AppendLine($"AuthorizedKeysFile {Path.Combine(Directory, "authorized_keys")}");
        text.AppendLine("StrictModes no"); // the keys live in a temporary folder under /tmp
        text.AppendLine("PermitRootLogin no");
        text.AppendLine($"AllowUsers {TestUser.Name}");
        if (Options.MaxStartups != null) text.AppendLine("MaxStartups " + Options.MaxStartups);
        text.AppendLine("MaxSessions 64");
        text.AppendLine("MaxAuthTries 6");
        text.AppendLine("LoginGraceTime 30");
        text.AppendLine("X11Forwarding no");
        text.AppendLine("AllowTcpForwarding no");
        text.AppendLine("AllowAgentForwarding no");
        text.AppendLine("PrintMotd no");
        text.AppendLine("PrintLastLog no");
        text.AppendLine("UseDNS no");
        text.AppendLine("LogLevel " + Options.LogLevel);
        text.AppendLine("Subsystem sftp internal-sftp");
        if (Options.LegacyOnly)
        {
            text.AppendLine("KexAlgorithms diffie-hellman-group14-sha1,diffie-hellman-group1-sha1");
            text.AppendLine("HostKeyAlgorithms ssh-rsa");
            text.AppendLine("Ciphers aes128-cbc,aes256-cbc");
            text.AppendLine("MACs hmac-sha1");
        }
        if (Options.Environment.Count > 0)
            text.AppendLine("SetEnv " + string.Join(' ', Options.Environment.Select(e => $"{e.Key}={e.Value}")));
        text.AppendLine($"ForceCommand {Options.ForceCommand}");
        return text.ToString();
    }

    private static int FreePort(SshdOptions options)
    {
        var random = new Random();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = random.Next(20000, 40000);
            if (Enumerable.Range(options.FirstOctet, options.Appliances).All(i => CanBind($"127.0.1.{i}", port))) return port;
        }
        throw new InvalidOperationException("No free port for the test sshd.");
    }

    private static bool CanBind(string address, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Parse(address), port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Accepts(string address, int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Parse(address), port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Freezes the servers as a hung appliance would be: SIGSTOP, by PID, to every sshd listener and all
    /// their descendants (the per-connection sshd processes). Disposing the result sends SIGCONT; so does
    /// disposing the cluster, whatever happened in between.
    /// </summary>
    public IDisposable Freeze()
    {
        var pids = _servers.Select(s => s.Id).SelectMany(Descendants).ToList();
        lock (_frozen) foreach (var pid in pids) if (Signal(pid, "STOP")) _frozen.Add(pid);
        return new Thaw(this, pids);
    }

    private void Resume(IEnumerable<int> pids)
    {
        lock (_frozen)
            foreach (var pid in pids.Where(_frozen.Remove).ToList())
                Signal(pid, "CONT");
    }

    private sealed class Thaw(SshdCluster cluster, IReadOnlyList<int> pids) : IDisposable
    {
        public void Dispose() => cluster.Resume(pids);
    }

    /// <summary>The process and every process below it, from /proc.</summary>
    private static IEnumerable<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
            }
            catch (IOException) { } // the process ended meanwhile
        }
        var found = new List<int> { root };
        for (var i = 0; i < found.Count; i++) found.AddRange(parents.Where(p => p.Value == found[i]).Select(p => p.Key));
        return found;
    }

    private static bool Signal(int pid, string signal)
    {
        try
        {
            Shell.Run("kill", "-" + signal, pid.ToString());
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // it has exited
        }
    }

    private static string SafeRead(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no log)";

    public void Dispose()
    {
        lock (_frozen) Resume(_frozen.ToList());
        foreach (var server in _servers)
        {
            try
            {
                if (!server.HasExited)
                {
                    server.Kill(); // SIGKILL to the listener by its PID; its session children end with their connections
                    server.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { }
            server.Dispose();
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
