using System.Diagnostics;
using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Transport.Ssh;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// Host-key decisions with OpenSSH as the oracle: every known_hosts file is written by ssh-keyscan,
/// ssh-keygen or ssh itself, then given to `ssh -o BatchMode=yes` (StrictHostKeyChecking=yes and
/// accept-new) and to the module (without and with AcceptNewHostKey). Both must reach the same verdict,
/// and the verdict must be the one this table expects.
/// </summary>
public sealed class HostKeyOracleTests : IClassFixture<HostKeyOracleTests.Servers>
{
    private readonly Servers _servers;

    public HostKeyOracleTests(Servers servers) => _servers = servers;

    public enum Verdict { Connects, Unknown, Changed, Revoked }

    /// <summary>A known_hosts file, the server it is used against, and the verdicts without and with accepting new keys.</summary>
    public sealed record Case(Func<Servers, string, string> Write, bool WithoutEd25519, Verdict Strict, Verdict AcceptNew);

    public static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        ["ed25519 only"] = new((s, f) => s.Scan(f, "ed25519"), false, Verdict.Connects, Verdict.Connects),
        ["ECDSA only"] = new((s, f) => s.Scan(f, "ecdsa"), false, Verdict.Connects, Verdict.Connects),
        ["RSA only"] = new((s, f) => s.Scan(f, "rsa"), false, Verdict.Connects, Verdict.Connects),
        ["all three"] = new((s, f) => s.Scan(f, "rsa", "ecdsa", "ed25519"), false, Verdict.Connects, Verdict.Connects),
        ["all three, hashed"] = new((s, f) => s.Hash(s.Scan(f, "rsa", "ecdsa", "ed25519")), false, Verdict.Connects, Verdict.Connects),
        ["ECDSA only, hashed"] = new((s, f) => s.Hash(s.Scan(f, "ecdsa")), false, Verdict.Connects, Verdict.Connects),
        ["changed ed25519"] = new((s, f) => s.RecordImpostor(f, "ed25519"), false, Verdict.Changed, Verdict.Changed),
        ["changed ECDSA"] = new((s, f) => s.RecordImpostor(f, "ecdsa"), false, Verdict.Changed, Verdict.Changed),
        ["changed RSA"] = new((s, f) => s.RecordImpostor(f, "rsa"), false, Verdict.Changed, Verdict.Changed),
        ["changed ECDSA, hashed"] = new((s, f) => s.Hash(s.RecordImpostor(f, "ecdsa")), false, Verdict.Changed, Verdict.Changed),
        ["changed ECDSA beside the right RSA"] = new((s, f) => s.Scan(s.RecordImpostor(f, "ecdsa"), "rsa"), false, Verdict.Changed, Verdict.Changed),
        ["changed ed25519 beside the right RSA, server without ed25519"] = new((s, f) => s.ScanServerWithoutEd25519(s.RecordImpostor(f, "ed25519", withoutEd25519: true), "rsa"), true, Verdict.Changed, Verdict.Changed),
        ["no entry for the host"] = new((s, f) => s.ScanImpostor(f, "ed25519"), false, Verdict.Unknown, Verdict.Connects),
        ["revoked ed25519 only"] = new((s, f) => s.Revoke(f, "ed25519"), false, Verdict.Revoked, Verdict.Revoked),
        ["revoked ed25519 beside the right ECDSA"] = new((s, f) => s.Scan(s.Revoke(f, "ed25519"), "ecdsa"), false, Verdict.Connects, Verdict.Connects),
        ["revoked ECDSA that is also recorded"] = new((s, f) => s.Revoke(s.Scan(f, "ecdsa"), "ecdsa"), false, Verdict.Changed, Verdict.Changed),
        ["right ed25519 under the bare address, not [host]:port"] = new((s, f) => s.RecordBare(f, "ed25519"), false, Verdict.Connects, Verdict.Connects),
        ["ECDSA under the bare address only"] = new((s, f) => s.RecordBare(f, "ecdsa"), false, Verdict.Unknown, Verdict.Connects),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(name => new object[] { name });

    [SshdTheory]
    [MemberData(nameof(CaseNames))]
    public async Task The_module_decides_as_OpenSSH_does(string name)
    {
        var @case = Cases[name];
        var knownHosts = @case.Write(_servers, _servers.NewFile());
        foreach (var acceptNew in new[] { false, true })
        {
            var expected = acceptNew ? @case.AcceptNew : @case.Strict;
            var (openSsh, openSshAdded) = _servers.RunOpenSsh(knownHosts, acceptNew, @case.WithoutEd25519);
            var (module, moduleAdded) = await _servers.RunModuleAsync(knownHosts, acceptNew, @case.WithoutEd25519);
            var mode = acceptNew ? "accept-new" : "yes";
            Assert.True(expected == openSsh, $"{name}, {mode}: OpenSSH says {openSsh}, the table says {expected}");
            Assert.True(openSsh == module, $"{name}, {mode}: OpenSSH says {openSsh}, the module says {module}");
            Assert.True(openSshAdded == moduleAdded, $"{name}, {mode}: OpenSSH added {openSshAdded} line(s), the module {moduleAdded}");
        }
    }

    [SshdFact]
    public async Task A_pin_of_any_of_the_servers_keys_connects_and_an_impostors_pin_is_a_changed_key()
    {
        foreach (var type in new[] { "ecdsa", "rsa", "ed25519" })
        {
            using var transport = new SshTransport(_servers.Settings(pin: _servers.Fingerprint(_servers.Real, type)));
            await transport.ConnectAsync(CancellationToken.None);
            Assert.True(transport.IsConnected, type);
        }
        using var impostor = new SshTransport(_servers.Settings(pin: _servers.Fingerprint(_servers.Impostor, "ecdsa")));
        var error = await Assert.ThrowsAsync<ChangedHostKeyException>(() => impostor.ConnectAsync(CancellationToken.None));
        Assert.Equal("HostKeyChanged", error.ErrorId);
    }

    /// <summary>The server under test (ed25519, ECDSA, RSA), one without ed25519, and an impostor with keys of its own.</summary>
    public sealed class Servers : IDisposable
    {
        private static readonly string[] AllTypes = { "ed25519", "ecdsa", "rsa" };

        public Servers()
        {
            Real = Start(230, AllTypes);
            try
            {
                WithoutEd25519 = Start(231, new[] { "ecdsa", "rsa" });
                Impostor = Start(232, AllTypes);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public SshdCluster Real { get; }
        public SshdCluster WithoutEd25519 { get; } = null!;
        public SshdCluster Impostor { get; } = null!;

        private static SshdCluster Start(int octet, string[] types) => SshdCluster.Start(new SshdOptions
        {
            Appliances = 1,
            FirstOctet = octet,
            HostKeyTypes = types,
            ForceCommand = "/bin/echo connected",
        });

        private SshdCluster Target(bool withoutEd25519) => withoutEd25519 ? WithoutEd25519 : Real;

        private static string Name(SshdCluster server) => $"[{server.Addresses[0]}]:{server.Port}";

        public string NewFile() => Path.Combine(Real.Directory, Guid.NewGuid().ToString("N")[..8] + "-known_hosts");

        /// <summary>Appends what ssh-keyscan reports for these key types of the server under test.</summary>
        public string Scan(string file, params string[] types) => ScanServer(file, Real, types);

        public string ScanServerWithoutEd25519(string file, string type) => ScanServer(file, WithoutEd25519, type);

        /// <summary>ssh-keyscan's lines for the impostor, under the impostor's own name: another host.</summary>
        public string ScanImpostor(string file, string type) => ScanServer(file, Impostor, type);

        private static string ScanServer(string file, SshdCluster server, params string[] types)
        {
            File.AppendAllText(file, Shell.Run("ssh-keyscan", "-t", string.Join(',', types), "-p", server.Port.ToString(), server.Addresses[0]));
            return file;
        }

        /// <summary>The impostor's key of this type, recorded by ssh under the target's name (HostKeyAlias).</summary>
        public string RecordImpostor(string file, string type, bool withoutEd25519 = false) =>
            RecordWithSsh(file, Impostor, Name(Target(withoutEd25519)), type);

        /// <summary>The target's own key of this type, recorded by ssh under its bare address (no port).</summary>
        public string RecordBare(string file, string type) => RecordWithSsh(file, Real, Real.Addresses[0], type);

        private static string RecordWithSsh(string file, SshdCluster server, string alias, string type)
        {
            var algorithms = type switch { "ed25519" => "ssh-ed25519", "ecdsa" => "ecdsa-sha2-nistp256", _ => "rsa-sha2-512,rsa-sha2-256" };
            OpenSsh(server, file, "accept-new", "-o", "HostKeyAlias=" + alias, "-o", "HostKeyAlgorithms=" + algorithms);
            if (!File.Exists(file) || !File.ReadAllText(file).Contains(alias)) throw new InvalidOperationException($"ssh did not record the {type} key under {alias}");
            return file;
        }

        /// <summary>ssh-keygen -H: every host name hashed.</summary>
        public string Hash(string file)
        {
            Shell.Run("ssh-keygen", "-H", "-f", file);
            return file;
        }

        /// <summary>ssh-keyscan's line for the target's key of this type, under @revoked.</summary>
        public string Revoke(string file, string type)
        {
            var line = Shell.Run("ssh-keyscan", "-t", type, "-p", Real.Port.ToString(), Real.Addresses[0]).Trim();
            File.AppendAllText(file, "@revoked " + line + "\n");
            return file;
        }

        public string Fingerprint(SshdCluster server, string type) =>
            Shell.Run("ssh-keygen", "-l", "-E", "sha256", "-f", server.HostKeyPathOf(type) + ".pub").Split(' ')[1];

        public (Verdict, int Added) RunOpenSsh(string knownHosts, bool acceptNew, bool withoutEd25519)
        {
            var copy = Copy(knownHosts);
            var (exit, output) = OpenSsh(Target(withoutEd25519), copy, acceptNew ? "accept-new" : "yes");
            var verdict = exit == 0 && output.Contains("connected") ? Verdict.Connects
                : output.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED") ? Verdict.Changed
                : output.Contains("marked as revoked") ? Verdict.Revoked
                : output.Contains("host key is known") ? Verdict.Unknown
                : throw new InvalidOperationException($"ssh failed for another reason ({exit}): {output}");
            return (verdict, AddedLines(knownHosts, copy));
        }

        public async Task<(Verdict, int Added)> RunModuleAsync(string knownHosts, bool acceptNew, bool withoutEd25519)
        {
            var copy = Copy(knownHosts);
            var settings = Settings(knownHosts: copy, withoutEd25519: withoutEd25519);
            settings.AcceptNewHostKey = acceptNew;
            using var transport = new SshTransport(settings);
            try
            {
                await transport.ConnectAsync(CancellationToken.None);
                return (Verdict.Connects, AddedLines(knownHosts, copy));
            }
            catch (SshHostKeyException ex)
            {
                return (ex.ErrorId switch
                {
                    "HostKeyUnknown" => Verdict.Unknown,
                    "HostKeyChanged" => Verdict.Changed,
                    "HostKeyRevoked" => Verdict.Revoked,
                    _ => throw new InvalidOperationException(ex.ErrorId),
                }, AddedLines(knownHosts, copy));
            }
        }

        public SshConnectionSettings Settings(string? knownHosts = null, bool withoutEd25519 = false, string? pin = null)
        {
            var server = Target(withoutEd25519);
            return new SshConnectionSettings
            {
                Name = "oracle",
                Host = server.Addresses[0],
                Port = server.Port,
                UserName = server.UserName,
                KeyFilePath = server.ClientKeyPath,
                KnownHostsPath = knownHosts ?? Path.Combine(server.Directory, "no-known-hosts"),
                HostKeyFingerprint = pin,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            };
        }

        /// <summary>ssh in batch mode with no user or system configuration, and only this known_hosts file.</summary>
        private static (int Exit, string Output) OpenSsh(SshdCluster server, string knownHosts, string strict, params string[] extra)
        {
            var start = new ProcessStartInfo("ssh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                "-F", "/dev/null", "-p", server.Port.ToString(), "-i", server.ClientKeyPath, "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=" + strict, "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "UpdateHostKeys=no", "-o", "ConnectTimeout=10",
            }.Concat(extra).Concat(new[] { $"{server.UserName}@{server.Addresses[0]}", "status" }))
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                throw new TimeoutException("ssh did not finish");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }

        private string Copy(string knownHosts)
        {
            var copy = NewFile();
            File.Copy(knownHosts, copy);
            return copy;
        }

        private static int AddedLines(string original, string copy) =>
            File.ReadAllLines(copy).Length - File.ReadAllLines(original).Length;

        public void Dispose()
        {
            Impostor?.Dispose();
            WithoutEd25519?.Dispose();
            Real.Dispose();
        }
    }
}
