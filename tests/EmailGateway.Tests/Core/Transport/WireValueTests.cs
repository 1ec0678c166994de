using EmailGateway.Model;
using Xunit;
using EmailGateway.Transport;

namespace EmailGateway.Tests.Core.Transport;

public class WireValueTests
{
    /// <summary>Text an attacker (or a typo) might put where a value belongs on a command line.</summary>
    public static TheoryData<string> Injections => new()
    {
        "1; rm -rf /",
        "$(reboot)",
        "`reboot`",
        "192.0.2.10\nrestart",
        "192.0.2.10\r\nrestart",
        "\"192.0.2.10\"",
        "'192.0.2.10'",
        "192.0.2.10 --force",
        "192.0.2.10;reboot",
        "192.0.2.10|reboot",
        "192.0.2.10&&reboot",
        "../../etc/passwd",
        "",
        " ",
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public void IpAddress_rejects_injection(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => WireValue.IpAddress(value));
        Assert.Contains("is not an IP address", ex.Message);
    }

    [Theory]
    [InlineData("fe80::1%eth0")]
    [InlineData("192.0.2.0/24")]
    [InlineData("mail.example.com")]
    [InlineData(null)]
    public void IpAddress_rejects_scopes_prefixes_names_and_null(string? value)
    {
        Assert.Throws<ArgumentException>(() => WireValue.IpAddress(value));
    }

    [Theory]
    [InlineData("192.0.2.10", "192.0.2.10")]
    [InlineData(" 192.0.2.10 ", "192.0.2.10")]
    [InlineData("192.0.2.10\n", "192.0.2.10")]
    [InlineData("2001:DB8:0:0::10", "2001:db8::10")]
    public void IpAddress_returns_the_canonical_form(string value, string expected)
    {
        Assert.Equal(expected, WireValue.IpAddress(value));
    }

    [Fact]
    public void IpAddress_message_names_what_was_expected()
    {
        var ex = Assert.Throws<ArgumentException>(() => WireValue.IpAddress("x", "virtual address"));
        Assert.Contains("'x' is not an IP virtual address", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Injections))]
    [InlineData("mail.example.com; reboot")]
    [InlineData("mail.example.com\nrestart")]
    [InlineData("mail.example.com$(reboot)")]
    [InlineData("mail .example.com")]
    [InlineData("scmgateway")]
    [InlineData("[192.0.2.1];reboot")]
    [InlineData("[::1%$(reboot)]")]
    [InlineData("[IPv6:::1%eth0;reboot]")]
    [InlineData("[192.0.2.1 ]")]
    [InlineData(null)]
    public void HostName_rejects_injection_and_unqualified_names(string? value)
    {
        var ex = Assert.Throws<ArgumentException>(() => WireValue.HostName(value));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Theory]
    [InlineData("mail.example.com", "mail.example.com")]
    [InlineData(" mail.example.com ", "mail.example.com")]
    [InlineData("[192.0.2.1]", "[192.0.2.1]")]
    [InlineData("[IPv6:2001:db8::1]", "[IPv6:2001:db8::1]")]
    public void HostName_accepts_fqdns_and_address_literals(string value, string expected)
    {
        Assert.Equal(expected, WireValue.HostName(value));
    }

    [Theory]
    [MemberData(nameof(Injections))]
    [InlineData("/var/tmp/updates/x.pkg; rm -rf /")]
    [InlineData("/var/tmp/updates/$(reboot).pkg")]
    [InlineData("/var/tmp/updates/`reboot`.pkg")]
    [InlineData("/var/tmp/updates/x.pkg\n")]
    [InlineData("/var/tmp/updates/x.pkg\nrestart")]
    [InlineData("/var/tmp/updates/my file.pkg")]
    [InlineData("/var/tmp/updates/'x'.pkg")]
    [InlineData("/var/tmp/updates/\"x\".pkg")]
    [InlineData("/var/tmp/updates/../../../etc/shadow")]
    [InlineData("/var/tmp/updates/..")]
    [InlineData("var/tmp/updates/x.pkg")]
    [InlineData("/")]
    [InlineData(null)]
    public void RemotePath_rejects_injection_and_traversal(string? value)
    {
        var ex = Assert.Throws<ArgumentException>(() => WireValue.RemotePath(value));
        Assert.Contains("is not a safe remote path", ex.Message);
    }

    [Fact]
    public void RemotePath_rejects_overlong_paths()
    {
        Assert.Throws<ArgumentException>(() => WireValue.RemotePath("/" + new string('a', 256)));
        Assert.Equal("/" + new string('a', 255), WireValue.RemotePath("/" + new string('a', 255)));
    }

    [Theory]
    [InlineData("/var/tmp/updates/x.pkg")]
    [InlineData("/var/tmp/updates/MEG-7.6.4_P4.pkg")]
    public void RemotePath_accepts_plain_absolute_paths(string value)
    {
        Assert.Equal(value, WireValue.RemotePath(value));
    }

    private const string Digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Theory]
    [MemberData(nameof(Injections))]
    [InlineData(Digest + "\n")]
    [InlineData(Digest + "\nrestart")]
    [InlineData(Digest + ";reboot")]
    [InlineData(Digest + " ")]
    [InlineData("$(reboot)" + Digest)]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")]   // 63 digits
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08a")] // 65 digits
    [InlineData("zf86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData(null)]
    public void Sha256Hex_rejects_anything_but_64_hex_digits(string? value)
    {
        var ex = Assert.Throws<ArgumentException>(() => WireValue.Sha256Hex(value));
        Assert.Contains("64 hexadecimal digits", ex.Message);
    }

    [Fact]
    public void Sha256Hex_lower_cases_the_digest()
    {
        Assert.Equal(Digest, WireValue.Sha256Hex(Digest.ToUpperInvariant()));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(12, "12")]
    [InlineData(255, "255")]
    public void ClusterIdValue_prints_valid_ids(int id, string expected)
    {
        Assert.Equal(expected, WireValue.ClusterIdValue(new ClusterId(id)));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(-1)]
    public void ClusterIdValue_rejects_out_of_range_ids(int id)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WireValue.ClusterIdValue(new ClusterId(id)));
    }
}
