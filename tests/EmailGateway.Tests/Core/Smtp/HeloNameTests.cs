using Xunit;
using EmailGateway.Smtp;

namespace EmailGateway.Tests.Core.Smtp;

public class HeloNameTests
{
    [Theory]
    [InlineData("mail.example.com")]
    [InlineData("MAIL.Example.COM")]
    [InlineData("a.b")]
    [InlineData("meg-1.mx.example.co.jp")]
    [InlineData("1mail.example.com")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData(" mail.example.com ")]
    public void Fully_qualified_names_are_Fqdn(string name)
    {
        var verdict = HeloName.Check(name);
        Assert.Equal(HeloSyntax.Fqdn, verdict.Syntax);
        Assert.True(verdict.IsValid);
        Assert.Equal(string.Empty, verdict.Reason);
    }

    [Theory]
    [InlineData("[192.0.2.1]")]
    [InlineData("[IPv6:2001:db8::1]")]
    [InlineData("[ipv6:::1]")]
    public void Bracketed_addresses_are_AddressLiteral(string name)
    {
        var verdict = HeloName.Check(name);
        Assert.Equal(HeloSyntax.AddressLiteral, verdict.Syntax);
        Assert.True(verdict.IsValid);
    }

    [Fact]
    public void The_factory_greeting_is_NotFullyQualified_and_cites_the_KB()
    {
        var verdict = HeloName.Check("scmgateway");
        Assert.Equal(HeloSyntax.NotFullyQualified, verdict.Syntax);
        Assert.False(verdict.IsValid);
        Assert.Contains("KB80406", verdict.Reason);
        Assert.Equal(HeloSyntax.NotFullyQualified, HeloName.Check("SCMGateway").Syntax);
        Assert.Equal("scmgateway", HeloName.FactoryDefault);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("mail")]
    public void Bare_labels_are_NotFullyQualified(string name)
    {
        var verdict = HeloName.Check(name);
        Assert.Equal(HeloSyntax.NotFullyQualified, verdict.Syntax);
        Assert.Contains($"'{name}'", verdict.Reason);
    }

    [Theory]
    [InlineData("192.0.2.1", "bracketed")]
    [InlineData("2001:db8::1", "bracketed")]
    [InlineData("bad_name.example.com", "character")]
    [InlineData("-a.example.com", "'-'")]
    [InlineData("a-.example.com", "'-'")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(null, "empty")]
    [InlineData("mail..example.com", "empty label")]
    [InlineData(".example.com", "empty label")]
    [InlineData("mail.example.123", "numeric")]
    [InlineData("192.0.2", "numeric")]
    [InlineData("[192.0.2.1", "unterminated")]
    [InlineData("[not-an-address]", "address literal")]
    [InlineData("[]", "address literal")]
    [InlineData("mail.exämple.com", "character")]
    [InlineData("mail example.com", "character")]
    [InlineData("mail.example.com;reboot", "character")]
    [InlineData("mail.example.com\nrestart", "character")]
    public void Malformed_names_are_Invalid_with_a_reason(string? name, string reasonPart)
    {
        var verdict = HeloName.Check(name);
        Assert.Equal(HeloSyntax.Invalid, verdict.Syntax);
        Assert.False(verdict.IsValid);
        Assert.Contains(reasonPart, verdict.Reason);
    }

    [Fact]
    public void Length_limits_follow_the_dns()
    {
        var label63 = new string('a', 63);
        Assert.Equal(HeloSyntax.Fqdn, HeloName.Check(label63 + ".example.com").Syntax);
        Assert.Equal(HeloSyntax.Invalid, HeloName.Check(label63 + "a.example.com").Syntax);

        var name253 = string.Join(".", Enumerable.Repeat(label63, 3)) + "." + new string('b', 61);
        Assert.Equal(253, name253.Length);
        Assert.Equal(HeloSyntax.Fqdn, HeloName.Check(name253).Syntax);
        Assert.Equal(HeloSyntax.Invalid, HeloName.Check(name253 + "b").Syntax);
    }

    [Theory]
    [InlineData("[::1%$(reboot)]")]
    [InlineData("[IPv6:fe80::1%eth0]")]
    [InlineData("[ 192.0.2.1]")]
    [InlineData("[192.0.2.1] ;reboot")]
    [InlineData("[1]")]
    [InlineData("[0x7f.1]")]
    public void Address_literals_must_be_plain_dotted_quads_or_ipv6(string name)
    {
        Assert.Equal(HeloSyntax.Invalid, HeloName.Check(name).Syntax);
    }
}
