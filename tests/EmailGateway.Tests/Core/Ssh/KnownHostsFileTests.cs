using System.Text;
using EmailGateway.Transport.Ssh;
using Xunit;

namespace EmailGateway.Tests.Core.Ssh;

public sealed class KnownHostsFileTests : IDisposable
{
    private static readonly byte[] Ed25519Key = Blob("ssh-ed25519", 32, 7);
    private static readonly byte[] OtherEd25519Key = Blob("ssh-ed25519", 32, 9);
    private static readonly byte[] RsaKey = Blob("ssh-rsa", 64, 3);
    private static readonly byte[] EcdsaKey = Blob("ecdsa-sha2-nistp256", 72, 5);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kh-" + Guid.NewGuid().ToString("N"));

    public KnownHostsFileTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("meg1.example.com", 22, "meg1.example.com")]
    [InlineData("MEG1.Example.com", 22, "meg1.example.com")]
    [InlineData("192.0.2.11", 2222, "[192.0.2.11]:2222")]
    public void The_lookup_name_follows_OpenSSH(string host, int port, string expected) =>
        Assert.Equal(expected, KnownHostsFile.HostToken(host, port));

    [Fact]
    public void A_plain_entry_with_the_same_key_is_trusted()
    {
        var file = Write($"other.example.com {Line(OtherEd25519Key)}", $"meg1.example.com,192.0.2.11 {Line(Ed25519Key)}");
        var check = KnownHostsFile.Check(new[] { file }, "192.0.2.11", 22, Ed25519Key);
        Assert.Equal(HostKeyVerdict.Trusted, check.Verdict);
        Assert.Equal(2, check.Line);
    }

    [Fact]
    public void A_non_default_port_looks_up_brackets_and_then_trusts_the_bare_name()
    {
        var bracketed = Write($"[192.0.2.11]:2222 {Line(Ed25519Key)}");
        Assert.Equal(HostKeyVerdict.Trusted, KnownHostsFile.Check(new[] { bracketed }, "192.0.2.11", 2222, Ed25519Key).Verdict);
        // As ssh does: a key unknown under [host]:port is still trusted when the bare name records it...
        var bare = Write($"192.0.2.11 {Line(Ed25519Key)}");
        Assert.Equal(HostKeyVerdict.Trusted, KnownHostsFile.Check(new[] { bare }, "192.0.2.11", 2222, Ed25519Key).Verdict);
        // ...but another key under the bare name neither trusts it nor makes the port known.
        var other = Write($"192.0.2.11 {Line(OtherEd25519Key)}", $"192.0.2.11 {Line(RsaKey)}");
        Assert.Equal(HostKeyVerdict.Unknown, KnownHostsFile.Check(new[] { other }, "192.0.2.11", 2222, Ed25519Key).Verdict);
        Assert.Empty(KnownHostsFile.RecordedKeyTypes(new[] { other }, "192.0.2.11", 2222));
    }

    [Fact]
    public void Hashed_entries_match_OpenSSH_hashing()
    {
        var salt = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var hashed = KnownHostsFile.Hash("[192.0.2.11]:2222", salt);
        Assert.StartsWith("|1|" + Convert.ToBase64String(salt) + "|", hashed);
        var file = Write($"{hashed} {Line(Ed25519Key)}");
        Assert.Equal(HostKeyVerdict.Trusted, KnownHostsFile.Check(new[] { file }, "192.0.2.11", 2222, Ed25519Key).Verdict);
        Assert.Equal(HostKeyVerdict.Unknown, KnownHostsFile.Check(new[] { file }, "192.0.2.12", 2222, Ed25519Key).Verdict);
    }

    [Fact]
    public void Wildcards_match_and_a_negation_excludes()
    {
        var file = Write($"*.example.com,!meg9.example.com {Line(Ed25519Key)}");
        Assert.Equal(HostKeyVerdict.Trusted, KnownHostsFile.Check(new[] { file }, "meg1.example.com", 22, Ed25519Key).Verdict);
        Assert.Equal(HostKeyVerdict.Unknown, KnownHostsFile.Check(new[] { file }, "meg9.example.com", 22, Ed25519Key).Verdict);
        var single = Write($"meg?.example.com {Line(Ed25519Key)}");
        Assert.Equal(HostKeyVerdict.Trusted, KnownHostsFile.Check(new[] { single }, "meg3.example.com", 22, Ed25519Key).Verdict);
        Assert.Equal(HostKeyVerdict.Unknown, KnownHostsFile.Check(new[] { single }, "meg10.example.com", 22, Ed25519Key).Verdict);
    }

    [Fact]
    public void Another_key_of_the_same_type_is_a_change()
    {
        var file = Write($"meg1.example.com {Line(OtherEd25519Key)}");
        var check = KnownHostsFile.Check(new[] { file }, "meg1.example.com", 22, Ed25519Key);
        Assert.Equal(HostKeyVerdict.Changed, check.Verdict);
        Assert.Equal(1, check.Line);
        Assert.Equal(file, check.Source);
    }

    [Fact]
    public void A_host_recorded_with_a_key_of_another_type_only_has_changed()
    {
        var file = Write($"meg1.example.com {Line(RsaKey)}");
        var check = KnownHostsFile.Check(new[] { file }, "meg1.example.com", 22, Ed25519Key);
        Assert.Equal(HostKeyVerdict.Changed, check.Verdict);
        Assert.Equal("ssh-rsa", check.RecordedKeyType);
        Assert.Equal(1, check.Line);
    }

    [Fact]
    public void A_recorded_key_of_any_type_is_trusted_beside_keys_of_other_types()
    {
        var file = Write($"meg1.example.com {Line(OtherEd25519Key)}", $"meg1.example.com {Line(RsaKey)}");
        var check = KnownHostsFile.Check(new[] { file }, "meg1.example.com", 22, RsaKey);
        Assert.Equal(HostKeyVerdict.Trusted, check.Verdict);
        Assert.Equal(2, check.Line);
    }

    [Fact]
    public void Recorded_types_are_listed_once_in_file_order_and_a_revoked_first_key_does_not_count()
    {
        var file = Write(
            $"meg1.example.com {Line(RsaKey)}",
            $"other.example.com {Line(EcdsaKey)}",
            $"meg1.example.com {Line(OtherEd25519Key)}",
            $"meg1.example.com {Line(RsaKey)}");
        Assert.Equal(new[] { "ssh-rsa", "ssh-ed25519" }, KnownHostsFile.RecordedKeyTypes(new[] { file }, "meg1.example.com", 22));
        var revoked = Write($"meg1.example.com {Line(EcdsaKey)}", $"meg1.example.com {Line(Ed25519Key)}", $"@revoked * {Line(EcdsaKey)}");
        Assert.Equal(new[] { "ssh-ed25519" }, KnownHostsFile.RecordedKeyTypes(new[] { revoked }, "meg1.example.com", 22));
    }

    [Fact]
    public void Lines_OpenSSH_cannot_parse_are_skipped()
    {
        var file = Write(
            $"meg1.example.com ssh-rsa {Convert.ToBase64String(Ed25519Key)}", // the type disagrees with the key
            "meg1.example.com ssh-ed25519 not-base64!");
        Assert.Equal(HostKeyVerdict.Unknown, KnownHostsFile.Check(new[] { file }, "meg1.example.com", 22, Ed25519Key).Verdict);
    }

    [Fact]
    public void Markers_are_handled_safely()
    {
        var file = Write(
            "# a comment",
            "",
            $"@cert-authority *.example.com {Line(Ed25519Key)}",
            $"@unknown-marker meg1.example.com {Line(Ed25519Key)}",
            "garbage-line-without-fields");
        Assert.Equal(HostKeyVerdict.Unknown, KnownHostsFile.Check(new[] { file }, "meg1.example.com", 22, Ed25519Key).Verdict);

        var revoked = Write($"meg1.example.com {Line(Ed25519Key)}", $"@revoked * {Line(Ed25519Key)}");
        Assert.Equal(HostKeyVerdict.Revoked, KnownHostsFile.Check(new[] { revoked }, "meg1.example.com", 22, Ed25519Key).Verdict);
    }

    [Fact]
    public void Append_writes_one_OpenSSH_line_once_and_keeps_existing_lines()
    {
        var file = Path.Combine(_directory, "sub", "known_hosts");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "existing.example.com " + Line(RsaKey)); // no final newline
        KnownHostsFile.Append(file, "192.0.2.11", 2222, Ed25519Key);
        KnownHostsFile.Append(file, "192.0.2.11", 2222, Ed25519Key);
        var lines = File.ReadAllLines(file);
        Assert.Equal(new[] { "existing.example.com " + Line(RsaKey), "[192.0.2.11]:2222 " + Line(Ed25519Key) }, lines);
    }

    [Fact]
    public void A_hashed_append_is_found_again()
    {
        var file = Path.Combine(_directory, "hashed");
        KnownHostsFile.Append(file, "meg1.example.com", 22, Ed25519Key, hashHostName: true);
        Assert.DoesNotContain("meg1", File.ReadAllText(file));
        Assert.Equal(HostKeyVerdict.Trusted, KnownHostsFile.Check(new[] { file }, "meg1.example.com", 22, Ed25519Key).Verdict);
    }

    [Fact]
    public void Missing_files_count_as_empty() =>
        Assert.Equal(HostKeyVerdict.Unknown, KnownHostsFile.Check(new[] { Path.Combine(_directory, "none") }, "h", 22, Ed25519Key).Verdict);

    [Fact]
    public void One_read_serves_the_algorithm_order_and_the_decision_for_both_lookup_names()
    {
        var file = Write($"192.0.2.11 {Line(Ed25519Key)}", $"[192.0.2.11]:2222 {Line(RsaKey)}", $"@revoked [192.0.2.11]:2222 {Line(EcdsaKey)}");
        var recorded = KnownHostRecords.Read(new[] { file }, "192.0.2.11", 2222);
        File.Delete(file);
        Assert.Equal(new[] { "ssh-rsa" }, recorded.KeyTypes);
        Assert.Equal(HostKeyVerdict.Trusted, recorded.Check(RsaKey).Verdict);
        Assert.Equal(HostKeyVerdict.Revoked, recorded.Check(EcdsaKey).Verdict);
        // Another type under [host]:port is a change, as ssh says; the bare name's key is not consulted then.
        Assert.Equal(HostKeyVerdict.Changed, recorded.Check(Ed25519Key).Verdict);
        Assert.Equal(HostKeyVerdict.Unknown, KnownHostsFile.Check(new[] { file }, "192.0.2.11", 2222, RsaKey).Verdict);
    }

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Line(byte[] blob) => KnownHostsFile.KeyTypeOf(blob) + " " + Convert.ToBase64String(blob);

    /// <summary>An SSH public key blob: the type as an SSH string, then key material.</summary>
    internal static byte[] Blob(string type, int length, byte seed)
    {
        var name = Encoding.ASCII.GetBytes(type);
        var blob = new byte[4 + name.Length + length];
        blob[3] = (byte)name.Length;
        name.CopyTo(blob, 4);
        for (var i = 0; i < length; i++) blob[4 + name.Length + i] = (byte)(seed * 31 + i);
        return blob;
    }
}
