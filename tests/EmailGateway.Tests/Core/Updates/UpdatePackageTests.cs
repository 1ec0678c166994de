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
        var bytes = File.ReadAllBytes(path);
        var fields = "kind: gateway-update\nproduct: MEG\nbuild: 7.6.4 P4 HF1,HF2\n";
        var checksumLine = $"content-sha256: {opened.ContentSha256}\n";
        Assert.Equal(fields.Length + checksumLine.Length + "---\n".Length + 5000, opened.Length);
        Assert.StartsWith(fields + checksumLine + "---\n", Encoding.UTF8.GetString(bytes, 0, fields.Length + checksumLine.Length + 4));
        // content-sha256 is the SHA-256 of the file without its own line.
        var withoutChecksumLine = bytes.Take(fields.Length).Concat(bytes.Skip(fields.Length + checksumLine.Length)).ToArray();
        Assert.Equal(Convert.ToHexString(SHA256.HashData(withoutChecksumLine)).ToLowerInvariant(), opened.ContentSha256);
    }

    [Theory]
    [InlineData("payload")]    // the last byte of the payload
    [InlineData("build")]      // 7.6.4 P4 -> 7.6.4 P5: what a flipped header byte does
    [InlineData("checksum")]   // the recorded checksum itself
    public void One_changed_byte_anywhere_is_refused_as_damaged(string where)
    {
        var path = PathFor("flip.pkg");
        UpdatePackage.Create(path, "MEG", GatewayBuild.Parse("7.6.4 P4"), 1000);
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.Latin1.GetString(bytes);
        var index = where switch
        {
            "payload" => bytes.Length - 1,
            "build" => text.IndexOf("P4", StringComparison.Ordinal) + 1,
            _ => text.IndexOf("content-sha256: ", StringComparison.Ordinal) + "content-sha256: ".Length,
        };
        bytes[index] = where == "build" ? (byte)'5' : (byte)(bytes[index] == (byte)'a' ? 'b' : 'a');
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path));

        Assert.Equal(UpdatePackageException.Damaged, ex.Reason);
        Assert.Contains(path, ex.Message);
        Assert.Contains("damaged", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    [InlineData(1000)]   // the whole payload: only the header is left
    public void A_truncated_package_is_refused_as_damaged(int bytesCut)
    {
        var path = PathFor("cut.pkg");
        UpdatePackage.Create(path, "MEG", GatewayBuild.Parse("7.6.4 P4"), 1000);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.Take(bytes.Length - bytesCut).ToArray());

        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path));

        Assert.Equal(UpdatePackageException.Damaged, ex.Reason);
    }

    [Fact]
    public void The_expected_sha256_is_checked_against_the_whole_file()
    {
        var path = PathFor("vendor.pkg");
        var package = UpdatePackage.Create(path, "MEG", GatewayBuild.Parse("7.6.4 P4"), 1000);

        Assert.Equal(package.Sha256, UpdatePackage.Open(path, package.Sha256.ToUpperInvariant()).Sha256);
        var other = new string('0', 64);
        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path, other));
        Assert.Equal(UpdatePackageException.ChecksumMismatch, ex.Reason);
        Assert.Contains(package.Sha256, ex.Message);
        Assert.Contains(other, ex.Message);
        Assert.Throws<ArgumentException>(() => UpdatePackage.Open(path, "abc"));
    }

    [Fact]
    public void A_package_without_content_sha256_needs_the_expected_sha256()
    {
        var path = PathFor("old.pkg");
        File.WriteAllText(path, "kind: gateway-update\nproduct: MEG\nbuild: 7.6.4 P4\n---\npayload");

        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path));
        Assert.Equal(UpdatePackageException.Unverified, ex.Reason);
        Assert.Contains("content-sha256", ex.Message);
        Assert.Contains("-Sha256", ex.Message);

        var opened = UpdatePackage.Open(path, IndependentSha256(path));
        Assert.Null(opened.ContentSha256);
        Assert.Equal(GatewayBuild.Parse("7.6.4 P4"), opened.Build);
    }

    [Theory]
    [InlineData("kind: gateway-update\nproduct: MEG\nbuild: 7.6.4\nsigner: someone\n---\npayload", "unknown key 'signer'")]
    [InlineData("kind: gateway-update\nproduct: MEG\nbuild: 7.6.4\nbuild: 9.9\n---\npayload", "repeats 'build'")]
    [InlineData("kind: gateway-update\nproduct: MEG\nbuild: 7.6.4\njust words\n---\npayload", "line 4 is not 'key: value'")]
    [InlineData("kind: gateway-update\nproduct: MEG\nbuild: 7.6.4\ncontent-sha256: 12ab\n---\npayload", "bad content-sha256 '12ab'")]
    public void A_header_with_an_unknown_repeated_or_malformed_line_is_refused(string content, string problem)
    {
        var path = PathFor("header.pkg");
        File.WriteAllText(path, content);

        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path, IndependentSha256(path)));

        Assert.Equal(UpdatePackageException.Invalid, ex.Reason);
        Assert.Contains(problem, ex.Message);
        Assert.Contains(path, ex.Message);
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
        Assert.Equal(Encoding.UTF8.GetByteCount($"kind: gateway-update\nproduct: MEG\nbuild: 7.6.4\ncontent-sha256: {package.ContentSha256}\n---\n"), package.Length);
        Assert.Equal(package.Sha256, UpdatePackage.Open(package.Path).Sha256);
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
        var content = "kind: gateway-update\r\nproduct: EWS\r\nbuild: 5.6 P2\r\n---\r\npayload";
        var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant();
        File.WriteAllText(path, content.Replace("---", $"content-sha256: {checksum}\r\n---"));
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

        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("is not an update package", ex.Message);
        Assert.Contains("gateway-update", ex.Message);
    }

    [Fact]
    public void A_header_beyond_the_first_4096_bytes_is_not_found()
    {
        var path = PathFor("late.pkg");
        File.WriteAllText(path, new string('#', 5000) + "\nkind: gateway-update\nproduct: MEG\nbuild: 7.6.4\n---\n");
        Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path));
    }

    [Theory]
    [InlineData("7.6.4 Px")]
    [InlineData("")]
    [InlineData("latest")]
    public void A_bad_build_is_rejected_naming_it(string build)
    {
        var path = PathFor("badbuild.pkg");
        File.WriteAllText(path, $"kind: gateway-update\nproduct: MEG\nbuild: {build}\n---\npayload");

        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path));

        Assert.Contains("bad build", ex.Message);
        Assert.Contains($"'{build}'", ex.Message);
    }

    [Fact]
    public void A_missing_build_is_rejected()
    {
        var path = PathFor("nobuild.pkg");
        File.WriteAllText(path, "kind: gateway-update\nproduct: MEG\n---\npayload");
        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path));
        Assert.Contains("bad build", ex.Message);
    }

    [Theory]
    [InlineData("kind: gateway-update\nbuild: 7.6.4\n---\npayload")]
    [InlineData("kind: gateway-update\nproduct:\nbuild: 7.6.4\n---\npayload")]
    public void A_missing_product_is_rejected(string content)
    {
        var path = PathFor("noproduct.pkg");
        File.WriteAllText(path, content);

        var ex = Assert.Throws<UpdatePackageException>(() => UpdatePackage.Open(path));

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
