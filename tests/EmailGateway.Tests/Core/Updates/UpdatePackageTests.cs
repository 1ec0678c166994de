using Xunit;
using System.Security.Cryptography;
using System.Text;
using EmailGateway.Model;
using EmailGateway.Updates;

namespace EmailGateway.Tests.Core.Updates;

public sealed class UpdatePackageTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("egw-pkg-");

    public void Dispose() => _directory.Delete(true);

    private string PathFor(string name) => Path.Combine(_directory.FullName, name);

    private static string IndependentSha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    [Fact]
    public void Create_then_Open_gives_product_build_digest_and_length()
    {
        var path = PathFor("MEG-7.6.4-P4.pkg");
        var build = GatewayBuild.Parse("7.6.4 P4 HF2,HF1");

        var created = UpdatePackage.Create(path, "MEG", build, 5000);
        var opened = UpdatePackage.Open(path);

        foreach (var package in new[] { created, opened })
        {
            Assert.Equal("MEG", package.Product);
            Assert.Equal(build, package.Build);
            Assert.Equal(Path.GetFullPath(path), package.Path);
            Assert.Equal("MEG-7.6.4-P4.pkg", package.FileName);
            Assert.Equal(new FileInfo(path).Length, package.Length);
            Assert.Equal(IndependentSha256(path), package.Sha256);
        }
        var header = "kind: gateway-update\nproduct: MEG\nbuild: 7.6.4 P4 HF1,HF2\n---\n";
        Assert.Equal(header.Length + 5000, opened.Length);
        Assert.StartsWith(header, Encoding.UTF8.GetString(File.ReadAllBytes(path), 0, header.Length));
    }

    [Fact]
    public void The_digest_changes_when_one_payload_byte_changes()
    {
        var path = PathFor("x.pkg");
        var before = UpdatePackage.Create(path, "MEG", GatewayBuild.Parse("7.6.4 P4"), 1000).Sha256;
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var after = UpdatePackage.Open(path);

        Assert.NotEqual(before, after.Sha256);
        Assert.Equal(IndependentSha256(path), after.Sha256);
    }

    [Fact]
    public void Different_builds_give_different_packages()
    {
        var p4 = UpdatePackage.Create(PathFor("p4.pkg"), "MEG", GatewayBuild.Parse("7.6.4 P4"), 1000);
        var p5 = UpdatePackage.Create(PathFor("p5.pkg"), "MEG", GatewayBuild.Parse("7.6.4 P5"), 1000);
        Assert.NotEqual(p4.Sha256, p5.Sha256);
    }

    [Fact]
    public void An_empty_payload_is_allowed()
    {
        var package = UpdatePackage.Create(PathFor("empty.pkg"), "MEG", GatewayBuild.Parse("7.6.4"), 0);
        Assert.Equal(Encoding.UTF8.GetByteCount("kind: gateway-update\nproduct: MEG\nbuild: 7.6.4\n---\n"), package.Length);
    }

    [Fact]
    public void ComputeSha256_matches_a_known_vector()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("test"));
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", UpdatePackage.ComputeSha256(stream));
    }

    [Fact]
    public void Windows_line_endings_in_the_header_are_accepted()
    {
        var path = PathFor("crlf.pkg");
        File.WriteAllText(path, "kind: gateway-update\r\nproduct: EWS\r\nbuild: 5.6 P2\r\n---\r\npayload");
        var package = UpdatePackage.Open(path);
        Assert.Equal("EWS", package.Product);
        Assert.Equal(GatewayBuild.Parse("5.6 P2"), package.Build);
    }

    [Theory]
    [InlineData("just some bytes with no header at all")]
    [InlineData("product: MEG\nbuild: 7.6.4\n---\npayload")]
    [InlineData("kind: other-thing\nproduct: MEG\nbuild: 7.6.4\n---\npayload")]
    [InlineData("kind: gateway-update\nproduct: MEG\nbuild: 7.6.4\npayload without an end marker")]
    [InlineData("")]
    public void A_file_without_the_header_is_rejected(string content)
    {
        var path = PathFor("bad.pkg");
        File.WriteAllText(path, content);

        var ex = Assert.Throws<InvalidDataException>(() => UpdatePackage.Open(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("is not an update package", ex.Message);
        Assert.Contains("gateway-update", ex.Message);
    }

    [Fact]
    public void A_header_beyond_the_first_4096_bytes_is_not_found()
    {
        var path = PathFor("late.pkg");
        File.WriteAllText(path, new string('#', 5000) + "\nkind: gateway-update\nproduct: MEG\nbuild: 7.6.4\n---\n");
        Assert.Throws<InvalidDataException>(() => UpdatePackage.Open(path));
    }

    [Theory]
    [InlineData("7.6.4 Px")]
    [InlineData("")]
    [InlineData("latest")]
    public void A_bad_build_is_rejected_naming_it(string build)
    {
        var path = PathFor("badbuild.pkg");
        File.WriteAllText(path, $"kind: gateway-update\nproduct: MEG\nbuild: {build}\n---\npayload");

        var ex = Assert.Throws<InvalidDataException>(() => UpdatePackage.Open(path));

        Assert.Contains("bad build", ex.Message);
        Assert.Contains($"'{build}'", ex.Message);
    }

    [Fact]
    public void A_missing_build_is_rejected()
    {
        var path = PathFor("nobuild.pkg");
        File.WriteAllText(path, "kind: gateway-update\nproduct: MEG\n---\npayload");
        var ex = Assert.Throws<InvalidDataException>(() => UpdatePackage.Open(path));
        Assert.Contains("bad build", ex.Message);
    }

    [Theory]
    [InlineData("kind: gateway-update\nbuild: 7.6.4\n---\npayload")]
    [InlineData("kind: gateway-update\nproduct:\nbuild: 7.6.4\n---\npayload")]
    public void A_missing_product_is_rejected(string content)
    {
        var path = PathFor("noproduct.pkg");
        File.WriteAllText(path, content);

        var ex = Assert.Throws<InvalidDataException>(() => UpdatePackage.Open(path));

        Assert.Contains("names no product", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Create_refuses_a_product_that_would_corrupt_the_header()
    {
        var injected = Assert.ThrowsAny<ArgumentException>(() => UpdatePackage.Create(PathFor("p.pkg"), "MEG\nbuild: 9.9", GatewayBuild.Parse("7.6.4")));
        Assert.Equal("product", injected.ParamName);
        Assert.ThrowsAny<ArgumentException>(() => UpdatePackage.Create(PathFor("q.pkg"), "", GatewayBuild.Parse("7.6.4")));
        Assert.ThrowsAny<ArgumentException>(() => UpdatePackage.Create(PathFor("r.pkg"), " MEG", GatewayBuild.Parse("7.6.4")));
        Assert.Empty(_directory.GetFiles());
    }

    [Fact]
    public void Open_of_a_missing_file_names_it()
    {
        var path = PathFor("missing.pkg");
        var ex = Assert.Throws<FileNotFoundException>(() => UpdatePackage.Open(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void ReadHeader_reads_from_a_stream()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("kind: gateway-update\nproduct: MEG\nbuild: 7.6.4 P3 HF1\n---\n\u0000\u0001binary"));
        var (product, build) = UpdatePackage.ReadHeader(stream, "upload");
        Assert.Equal("MEG", product);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P3 HF1"), build);
    }
}
