using System.Text.Json;

namespace EmailGateway.Smtp.Tests.Integration;

/// <summary>
/// A private network and mount namespace holding dnsmasq (the DNS of the test domain gw.test) and Postfix (a strict
/// receiver with policyd-spf), so that nothing of the machine's own network or DNS changes. A sleeping process holds
/// the namespace; servers and the checks run inside it through nsenter, and everything is stopped by PID.
/// Requires root (the tests are skipped otherwise, see <see cref="RootFactAttribute"/>) and the packages named in
/// <see cref="InstallHint"/>; a missing one fails the tests with that hint.
/// </summary>
public sealed class MailLab : IDisposable
{
    public const string InstallHint =
        "echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections && " +
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postfix postfix-policyd-spf-python dnsmasq-base swaks iproute2 util-linux";

    public const string DnsAddress = "127.0.0.53";
    public const string ReceiverAddress = "127.0.0.25";
    public const string SendingAddress = "127.0.0.10";

    private static readonly (string Name, string Path)[] RequiredBinaries =
    {
        ("unshare", "/usr/bin/unshare"), ("nsenter", "/usr/bin/nsenter"), ("ip", "/usr/sbin/ip"), ("ss", "/usr/bin/ss"),
        ("dnsmasq", "/usr/sbin/dnsmasq"), ("postfix master", "/usr/lib/postfix/sbin/master"), ("policyd-spf", "/usr/bin/policyd-spf"),
    };

    private readonly List<ChildProcess> servers = new();
    private readonly ChildProcess holder;

    public MailLab()
    {
        var missing = RequiredBinaries.Where(b => !File.Exists(b.Path)).Select(b => $"{b.Name} ({b.Path})").ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"the real-server tests need {string.Join(", ", missing)}; install with: {InstallHint}");
        if (MailLabAccess.SkipReason != null) throw new InvalidOperationException("the real-server tests " + MailLabAccess.SkipReason);

        Directory = System.IO.Directory.CreateTempSubdirectory("eg-smtp-lab-").FullName;
        File.SetUnixFileMode(Directory, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(Directory, "resolv.conf"), $"nameserver {DnsAddress}\n");

        holder = ChildProcess.Start("namespace holder", "/usr/bin/unshare", "-n", "-m", "--propagation", "private", "--", "/bin/sh", "-c",
            $"ip link set lo up && ip addr add {ReceiverAddress}/32 dev lo && ip addr add {SendingAddress}/32 dev lo && " +
            $"mount --bind {Path.Combine(Directory, "resolv.conf")} /etc/resolv.conf && echo ready && exec sleep infinity");
        try
        {
            WaitFor(() => holder.Output.Contains("ready"), "the namespace", holder);
            StartDns();
            StartPostfix();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Directory { get; }
    public string MailLog => File.Exists(Path.Combine(Directory, "maillog")) ? File.ReadAllText(Path.Combine(Directory, "maillog")) : "(no maillog)";

    private void StartDns()
    {
        var records = new[]
        {
            // the healthy greeting: address, PTR and an SPF policy that authorises it
            "--host-record=mail.gw.test," + SendingAddress,
            "--txt-record=mail.gw.test,v=spf1 a -all",
            // a name that exists but whose SPF policy does not authorise the sending address
            "--host-record=rogue.gw.test,127.0.0.77",
            "--txt-record=rogue.gw.test,v=spf1 ip4:127.0.0.99 -all",
            // a name whose policy only soft-fails the sending address
            "--host-record=soft.gw.test,127.0.0.78",
            "--txt-record=soft.gw.test,v=spf1 ip4:127.0.0.99 ~all",
            // a refused name whose policy explains itself (exp=): policyd-spf puts the expanded text in its reply
            "--host-record=explained.gw.test,127.0.0.79",
            "--txt-record=explained.gw.test,v=spf1 ip4:127.0.0.99 -all exp=why.gw.test",
            "--txt-record=why.gw.test,%{h} may not send mail from %{i}",
            "--host-record=mx.receiver.gw.test," + ReceiverAddress,
        };
        var arguments = new List<string>
        {
            "-t", holder.Pid.ToString(), "-n", "-m", "--", "/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
            "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=" + DnsAddress, "--port=53",
            "--local=/gw.test/", "--local=/127.in-addr.arpa/", "--pid-file=", "--log-queries",
            "--log-facility=" + Path.Combine(Directory, "dnsmasq.log"),
        };
        arguments.AddRange(records);
        var dns = ChildProcess.Start("dnsmasq", "/usr/bin/nsenter", arguments.ToArray());
        servers.Add(dns);
        WaitFor(() => Listening($"{DnsAddress}:53", udp: true), "dnsmasq on " + DnsAddress, dns);
    }

    private void StartPostfix()
    {
        var config = Path.Combine(Directory, "postfix");
        var queue = Path.Combine(Directory, "queue");
        var data = Path.Combine(Directory, "data");
        System.IO.Directory.CreateDirectory(config);
        System.IO.Directory.CreateDirectory(data);
        Chown("postfix", data);
        foreach (var sub in new[] { "active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming", "private", "saved", "trace" })
        {
            var dir = Path.Combine(queue, sub);
            System.IO.Directory.CreateDirectory(dir);
            Chown("postfix", dir);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        foreach (var sub in new[] { "public", "maildrop" })
        {
            var dir = Path.Combine(queue, sub);
            System.IO.Directory.CreateDirectory(dir);
            Chown("postfix:postdrop", dir);
            File.SetUnixFileMode(dir, (UnixFileMode)(sub == "public" ? 0b111_001_000 : 0b111_011_000));
        }
        System.IO.Directory.CreateDirectory(Path.Combine(queue, "pid"));

        File.WriteAllText(Path.Combine(config, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {queue}
            data_directory = {data}
            mail_owner = postfix
            setgid_group = postdrop
            myhostname = mx.receiver.gw.test
            mydomain = receiver.gw.test
            myorigin = $myhostname
            mydestination = $myhostname, localhost
            inet_interfaces = {ReceiverAddress}
            inet_protocols = ipv4
            mynetworks = {ReceiverAddress}/32
            smtpd_helo_required = yes
            smtpd_delay_reject = no
            smtpd_helo_restrictions = reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname, reject_unknown_helo_hostname
            smtpd_recipient_restrictions = reject_unauth_destination, check_policy_service unix:private/policyd-spf
            policyd-spf_time_limit = 3600
            local_recipient_maps =
            alias_maps =
            alias_database =
            maillog_file = {Path.Combine(Directory, "maillog")}
            maillog_file_prefixes = {Directory}
            biff = no
            smtputf8_enable = no
            """);
        File.WriteAllText(Path.Combine(config, "master.cf"), $"""
            smtp      inet  n       -       n       -       -       smtpd
            cleanup   unix  n       -       n       -       0       cleanup
            qmgr      unix  n       -       n       300     1       qmgr
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            bounce    unix  -       -       n       -       0       bounce
            defer     unix  -       -       n       -       0       bounce
            trace     unix  -       -       n       -       0       bounce
            verify    unix  -       -       n       -       1       verify
            proxymap  unix  -       -       n       -       -       proxymap
            error     unix  -       -       n       -       -       error
            retry     unix  -       -       n       -       -       error
            discard   unix  -       -       n       -       -       discard
            local     unix  -       n       n       -       -       local
            anvil     unix  -       -       n       -       1       anvil
            scache    unix  -       -       n       -       1       scache
            postlog   unix-dgram n  -       n       -       1       postlogd
            policyd-spf unix -      n       n       -       0       spawn
              user=nobody argv=/usr/bin/policyd-spf {Path.Combine(Directory, "policyd-spf.conf")}
            """);
        // policyd-spf's stock configuration skips 127.0.0.0/8; here loopback is the whole world
        File.WriteAllText(Path.Combine(Directory, "policyd-spf.conf"), """
            debugLevel = 1
            TestOnly = 1
            HELO_reject = Fail
            Mail_From_reject = Fail
            PermError_reject = False
            TempError_Defer = False
            skip_addresses = 192.0.2.255/32
            """);

        var master = ChildProcess.Start("postfix master", "/usr/bin/nsenter", "-t", holder.Pid.ToString(), "-n", "-m", "--",
            "/usr/lib/postfix/sbin/master", "-c", config, "-d");
        servers.Add(master);
        WaitFor(() => Listening($"{ReceiverAddress}:25", udp: false), "Postfix on " + ReceiverAddress, master);
    }

    /// <summary>Runs the greeting check inside the namespace (this assembly's own entry point) and reads its report.</summary>
    public GreetingReport Check(string helo, bool probe = true)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "/usr/bin/dotnet";
        var arguments = new List<string>
        {
            "-t", holder.Pid.ToString(), "-n", "--", host, "exec", typeof(MailLab).Assembly.Location,
            "greeting-check", "--helo", helo, "--address", SendingAddress, "--dns", DnsAddress + ":53", "--timeout", "5",
        };
        if (probe) arguments.AddRange(new[] { "--probe", ReceiverAddress + ":25" });
        var (exit, output) = ChildProcess.Run(TimeSpan.FromSeconds(90), "/usr/bin/nsenter", arguments.ToArray());
        var json = output.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (exit != 0 || json == null) throw new InvalidOperationException($"greeting-check for '{helo}' failed (exit {exit}):\n{output}");
        return JsonSerializer.Deserialize<GreetingReport>(json)!;
    }

    /// <summary>swaks, an independent SMTP client, asked the same question; returns its transcript.</summary>
    public string Swaks(string helo)
    {
        var (_, output) = ChildProcess.Run(TimeSpan.FromSeconds(60), "/usr/bin/nsenter", "-t", holder.Pid.ToString(), "-n", "--",
            "/usr/bin/swaks", "--server", ReceiverAddress, "--port", "25", "--local-interface", SendingAddress, "--helo", helo,
            "--from", "<>", "--to", "postmaster@[" + ReceiverAddress + "]", "--quit-after", "RCPT", "--timeout", "10");
        return output;
    }

    private bool Listening(string endpoint, bool udp)
    {
        var (_, output) = ChildProcess.Run(TimeSpan.FromSeconds(10), "/usr/bin/nsenter", "-t", holder.Pid.ToString(), "-n", "--", "/usr/bin/ss", udp ? "-lnu" : "-lnt");
        return output.Contains(endpoint);
    }

    private void WaitFor(Func<bool> ready, string what, ChildProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (ready()) return;
            if (process.HasExited) throw new InvalidOperationException($"{process.Name} exited before {what} was ready:\n{process.Output}\n{MailLogIfAny()}");
            Thread.Sleep(100);
        }
        throw new TimeoutException($"{what} was not ready within 20 s:\n{process.Output}\n{MailLogIfAny()}");
    }

    private string MailLogIfAny() => Directory != null ? MailLog : string.Empty;

    private static void Chown(string owner, string path)
    {
        var (exit, output) = ChildProcess.Run(TimeSpan.FromSeconds(10), "/bin/chown", owner, path);
        if (exit != 0) throw new InvalidOperationException($"chown {owner} {path} failed: {output}");
    }

    public void Dispose()
    {
        for (var i = servers.Count - 1; i >= 0; i--) servers[i].Dispose();
        servers.Clear();
        holder?.Dispose();
        if (Directory != null && Environment.GetEnvironmentVariable("EG_KEEP_LAB") == null)
        {
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

[Xunit.CollectionDefinition(Name)]
public sealed class MailLabCollection : Xunit.ICollectionFixture<MailLab>
{
    public const string Name = "real dnsmasq and Postfix";
}
