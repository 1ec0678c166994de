using System.Security;
using EmailGateway.Inventory;
using EmailGateway.Profiles;
using EmailGateway.Sessions;
using EmailGateway.Transport.Ssh;
using Renci.SshNet;
using Xunit;

namespace EmailGateway.Tests.Core.Ssh;

public sealed class SshSettingsAndInventoryTests
{
    [Fact]
    public void Settings_never_print_a_secret()
    {
        var settings = new SshConnectionSettings { Host = "meg1", UserName = "admin", Password = Secret("s3cret-Passw0rd"), KeyPassphrase = Secret("phrase-42") };
        var text = settings.ToString();
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("phrase-42", text);
        Assert.Contains("admin@meg1:22", text);
    }

    [Theory]
    [InlineData("", "admin", "No host")]
    [InlineData("meg1", "", "No user")]
    public void Settings_name_what_is_missing(string host, string user, string expected)
    {
        var settings = new SshConnectionSettings { Host = host, UserName = user, Password = Secret("x") };
        Assert.Contains(expected, Assert.ThrowsAny<ArgumentException>(settings.Validate).Message);
    }

    [Fact]
    public void Settings_need_a_way_to_authenticate() =>
        Assert.Contains("authenticate", Assert.Throws<ArgumentException>(new SshConnectionSettings { Host = "h", UserName = "u" }.Validate).Message);

    [Fact]
    public void Legacy_algorithms_are_removed_unless_allowed()
    {
        var modern = new ConnectionInfo("h", 22, "u", new NoneAuthenticationMethod("u"));
        SshAlgorithms.Apply(modern, allowLegacy: false, new string[0]);
        foreach (var legacy in new[] { "diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1" }) Assert.DoesNotContain(legacy, modern.KeyExchangeAlgorithms.Keys);
        Assert.DoesNotContain("ssh-rsa", modern.HostKeyAlgorithms.Keys);
        Assert.Contains("rsa-sha2-256", modern.HostKeyAlgorithms.Keys);
        Assert.DoesNotContain(modern.Encryptions.Keys, name => name.EndsWith("-cbc", StringComparison.Ordinal));
        Assert.DoesNotContain("hmac-sha1", modern.HmacAlgorithms.Keys);
        Assert.Contains("curve25519-sha256", modern.KeyExchangeAlgorithms.Keys);

        var legacyAllowed = new ConnectionInfo("h", 22, "u", new NoneAuthenticationMethod("u"));
        SshAlgorithms.Apply(legacyAllowed, allowLegacy: true, new string[0]);
        Assert.Contains("diffie-hellman-group1-sha1", legacyAllowed.KeyExchangeAlgorithms.Keys);
        Assert.Contains("aes128-cbc", legacyAllowed.Encryptions.Keys);
    }

    [Theory]
    [InlineData("meg1", "meg1", null)]
    [InlineData("192.0.2.11:2222", "192.0.2.11", 2222)]
    [InlineData("[2001:db8::1]:22", "2001:db8::1", 22)]
    [InlineData("2001:db8::1", "2001:db8::1", null)]
    public void Computer_names_may_carry_a_port(string text, string host, int? port) =>
        Assert.Equal((host, port), SshSessionFactory.SplitHostPort(text));

    [Theory]
    [InlineData("meg1:0")]
    [InlineData("meg1:http")]
    [InlineData("[::1")]
    public void Bad_ports_are_refused(string text) => Assert.Throws<ArgumentException>(() => SshSessionFactory.SplitHostPort(text));

    [Fact]
    public void An_inventory_fills_defaults_and_resolves_paths_beside_itself()
    {
        var entries = InventoryFile.Parse("""
            defaults: { user: admin, port: 2222, key: keys/meg, profile: alt.yaml }
            appliances:
              - { name: meg1, host: 192.0.2.11 }
              - { host: 192.0.2.12, user: ops, port: 22, key: /abs/key }
            """, "inventory.yaml", "/srv/fleet");
        Assert.Equal("meg1", entries[0].Name);
        Assert.Equal(2222, entries[0].Port);
        Assert.Equal("admin", entries[0].User);
        Assert.Equal(Path.GetFullPath("/srv/fleet/keys/meg"), entries[0].Key);
        Assert.Equal(Path.GetFullPath("/srv/fleet/alt.yaml"), entries[0].Profile);
        Assert.Equal("192.0.2.12", entries[1].Name);
        Assert.Equal(("ops", 22, "/abs/key"), (entries[1].User, entries[1].Port, entries[1].Key));
    }

    [Theory]
    [InlineData("appliances: []", "lists no appliances")]
    [InlineData("appliances:\n  - { name: meg1 }", "has no host")]
    [InlineData("appliances:\n  - { host: a }\n  - { host: a }", "twice")]
    [InlineData("appliances:\n  - { host: a, port: 70000 }", "port 70000")]
    [InlineData("appliances:\n  - { host: a, passwd: x }", "line")]
    [InlineData("appliances:\n  - { host: a, hostKeyFingerprint: 'MD5:aa' }", "SHA256")]
    [InlineData("appliances:\n  - { name: \"meg1\\nmeg2\", host: a }", "'meg1\\nmeg2' has a space, a line break")]
    [InlineData("appliances:\n  - { name: gw*, host: a }", "'gw*' has a wildcard")]
    [InlineData("appliances:\n  - { name: 'meg[12]', host: a }", "wildcard")]
    [InlineData("appliances:\n  - { name: 'meg 1', host: a }", "a space")]
    [InlineData("appliances:\n  - { name: -meg1, host: a }", "not a session name")]
    [InlineData("appliances:\n  - { host: 'a b' }", "its host, its name when it has none")]
    [InlineData("appliances:\n  - { name: meg1, host: \"a\\nb\" }", "its host")]
    [InlineData("defaults: { host: a }\nappliances:\n  - { name: meg1, host: b }", "'defaults:' gives host")]
    [InlineData("defaults: { name: a }\nappliances:\n  - { name: meg1, host: b }", "'defaults:' gives name")]
    [InlineData("defaults: { hostKeyFingerprint: 'MD5:aa' }\nappliances:\n  - { host: a }", "SHA256")]
    [InlineData("defaults: { pasword: x }\nappliances:\n  - { host: a }", "line 1")]
    [InlineData("appliances:\n  - { name: meg1, \nhst: a }", "line")]
    [InlineData("appliances:\n - { host: a }\n  - { host: b }", "line 3")]
    public void A_bad_inventory_names_the_file_and_the_problem(string yaml, string expected)
    {
        var ex = Assert.Throws<InventoryException>(() => InventoryFile.Parse(yaml, "inv.yaml", "/tmp"));
        Assert.StartsWith("The inventory 'inv.yaml'", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void An_inventory_name_of_ten_kilobytes_is_refused_without_echoing_it()
    {
        var name = new string('m', 10 * 1024);
        var ex = Assert.Throws<InventoryException>(() => InventoryFile.Parse($"appliances:\n  - {{ name: {name}, host: a }}", "inv.yaml", "/tmp"));
        Assert.Contains("10240 characters is longer than 253", ex.Message);
        Assert.DoesNotContain(name, ex.Message);
    }

    [Fact]
    public void Every_per_appliance_default_is_honoured_and_an_appliance_value_wins()
    {
        const string pin = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
        var entries = InventoryFile.Parse($$"""
            defaults: { user: admin, port: 2222, key: /k/default, profile: /p/default.yaml, hostKeyFingerprint: '{{pin}}' }
            appliances:
              - { name: meg1, host: 192.0.2.11 }
              - { name: meg2, host: 192.0.2.12, user: ops, port: 22, key: /k/own, profile: /p/own.yaml, hostKeyFingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' }
            """, "inventory.yaml", "/srv");
        Assert.Equal(("admin", 2222, "/k/default", "/p/default.yaml", pin),
            (entries[0].User, entries[0].Port, entries[0].Key, entries[0].Profile, entries[0].HostKeyFingerprint));
        Assert.Equal(("ops", 22, "/k/own", "/p/own.yaml"), (entries[1].User, entries[1].Port, entries[1].Key, entries[1].Profile));
        Assert.NotEqual(pin, entries[1].HostKeyFingerprint);
    }

    [Theory]
    [InlineData("meg1")]
    [InlineData("mail-gw_01.example.com")]
    [InlineData("192.0.2.11")]
    [InlineData("2001:db8::11")]
    public void Ordinary_names_and_addresses_are_session_names(string name) =>
        Assert.Null(EmailGateway.Sessions.SessionName.Problem(name));

    [Fact]
    public void Session_targets_combine_the_options_and_refuse_duplicates()
    {
        var options = new SshSessionOptions { UserName = "admin", Password = Secret("pw"), Port = 2200, CommandTimeout = TimeSpan.FromSeconds(5) };
        var targets = SshSessionFactory.FromComputerNames(new[] { "meg1", "meg2:22" }, options);
        Assert.Equal(2200, targets[0].Settings.Port);
        Assert.Equal(22, targets[1].Settings.Port);
        Assert.Equal(TimeSpan.FromSeconds(5), targets[0].Settings.CommandTimeout);
        Assert.Same(DeviceProfile.Default, targets[0].Profile);
        Assert.Throws<ArgumentException>(() => SshSessionFactory.FromComputerNames(new[] { "meg1", "MEG1" }, options));
        Assert.Throws<ArgumentException>(() => SshSessionFactory.FromComputerNames(new[] { "meg1", "meg2" }, options, sessionName: "one"));
    }

    [Fact]
    public void An_RSA_client_key_is_offered_with_rsa_sha2_512_alone_unless_legacy_algorithms_are_allowed()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        using var rsaKey = new PrivateKeyFile(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem())));
        Assert.Contains("ssh-rsa", rsaKey.HostKeyAlgorithms.Select(a => a.Name)); // what SSH.NET alone would ask the server about
        Assert.Equal(new[] { "rsa-sha2-512" }, OfferedClientKey.For(rsaKey, allowLegacy: false).HostKeyAlgorithms.Select(a => a.Name));
        Assert.Same(rsaKey, OfferedClientKey.For(rsaKey, allowLegacy: true));

        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var ecKey = new PrivateKeyFile(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(ec.ExportECPrivateKeyPem())));
        Assert.Same(ecKey, OfferedClientKey.For(ecKey, allowLegacy: false)); // one algorithm: signed at once already
    }

    [Fact]
    public void Connections_of_one_shell_profile_share_its_compiled_dialect()
    {
        var profile = DeviceProfile.Parse("channel: shell\nprompt: '^cli# $'\npager: { prompt: '--More--' }", "test");
        var targets = SshSessionFactory.FromComputerNames(new[] { "meg1", "meg2", "meg3" }, new SshSessionOptions { UserName = "admin", Password = Secret("pw") });
        var transports = targets.Select(t => new SshTransport(t.Settings, profile)).ToList();
        try
        {
            Assert.NotNull(transports[0].Dialect);
            Assert.All(transports, t => Assert.Same(transports[0].Dialect, t.Dialect));
            Assert.Same(profile.Errors, transports[0].Dialect!.Errors);
            using var exec = new SshTransport(targets[0].Settings);
            Assert.Null(exec.Dialect); // exec requests: nothing to compile
        }
        finally
        {
            foreach (var transport in transports) transport.Dispose();
        }
    }

    [Fact]
    public void A_shell_profile_needs_a_valid_prompt_pattern()
    {
        var profile = DeviceProfile.Parse("channel: shell\nprompt: '^cli# $'", "test");
        Assert.True(profile.IsShellChannel);
        Assert.Contains("regular expression", Assert.ThrowsAny<FormatException>(() => DeviceProfile.Parse("channel: shell\nprompt: '(unclosed'", "test")).Message);
    }

    [Fact]
    public void Shell_replies_lose_the_echo_and_terminal_codes_and_report_errors()
    {
        var ok = ShellConversation.ToResult("show status", "show status\r\n\u001b[0mhostname: meg1\r\npower: running\r\n", ErrorRules.Default);
        Assert.Equal(0, ok.ExitStatus);
        Assert.Equal("hostname: meg1\npower: running\n", ok.StandardOutput);
        var failed = ShellConversation.ToResult("set cluster-id 999", "set cluster-id 999\r\nerror: invalid-argument: 999 is not 0-255\r\n", ErrorRules.Default);
        Assert.Equal(1, failed.ExitStatus);
        Assert.Equal("error: invalid-argument: 999 is not 0-255\n", failed.StandardError);
        Assert.Equal(string.Empty, failed.StandardOutput);
        var prompt = DeviceProfile.AtEnd(@"^[\w.-]+> $");
        Assert.Matches(prompt, "output\nmeg1> ");
        Assert.DoesNotMatch(prompt, "meg1> \nmore output");
    }

    private static SecureString Secret(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }
}
