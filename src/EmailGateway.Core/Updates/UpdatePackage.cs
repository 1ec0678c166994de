using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using EmailGateway.Model;

namespace EmailGateway.Updates
{
    /// <summary>
    /// An update package: one file whose first lines are a YAML header (kind, product, build and
    /// content-sha256) ended by a <c>---</c> line, then the payload. content-sha256 is the SHA-256 of the
    /// file without its own line, so it covers the other header lines and the payload. Opening a package
    /// checks the header strictly and the file against that checksum, so a changed or truncated file is
    /// refused before it goes anywhere. The SHA-256 of the whole file travels with <c>update apply</c>.
    /// </summary>
    public sealed class UpdatePackage
    {
        public const string Kind = "gateway-update";
        public const string ChecksumKey = "content-sha256";
        private const string HeaderEnd = "---";
        private const int MaxHeaderBytes = 4096;
        private static readonly string[] HeaderKeys = { "kind", "product", "build", ChecksumKey };

        private UpdatePackage(string path, PackageHeader header, string sha256, long length)
        {
            Path = path;
            Product = header.Product;
            Build = header.Build;
            ContentSha256 = header.ContentSha256;
            Sha256 = sha256;
            Length = length;
        }

        public string Path { get; }
        public string FileName => System.IO.Path.GetFileName(Path);
        public string Product { get; }
        public GatewayBuild Build { get; }
        /// <summary>The SHA-256 of the whole file.</summary>
        public string Sha256 { get; }
        /// <summary>The header's content-sha256: the SHA-256 of the file without that line (null for a package written without one).</summary>
        public string? ContentSha256 { get; }
        public long Length { get; }

        /// <summary>
        /// Opens and verifies a package: the header, the file against the header's content-sha256 and, when
        /// <paramref name="expectedSha256"/> is given (the vendor's published value), the whole file against it.
        /// A package without content-sha256 is accepted only with <paramref name="expectedSha256"/>.
        /// </summary>
        public static UpdatePackage Open(string path, string? expectedSha256 = null)
        {
            if (expectedSha256 != null && !IsSha256(expectedSha256))
                throw new ArgumentException($"'{expectedSha256}' is not a SHA-256 digest (64 hexadecimal digits).", nameof(expectedSha256));
            if (!File.Exists(path)) throw new FileNotFoundException($"The update package '{path}' does not exist.", path);
            using var stream = File.OpenRead(path);
            var (header, sha256) = Verify(stream, path, expectedSha256);
            return new UpdatePackage(System.IO.Path.GetFullPath(path), header, sha256, stream.Length);
        }

        /// <summary>Writes a package for <paramref name="build"/> with a payload of <paramref name="payloadBytes"/> bytes.</summary>
        public static UpdatePackage Create(string path, string product, GatewayBuild build, int payloadBytes = 64 * 1024)
        {
            // Checked before the file is written: an empty product or one with a line break would write a header
            // that Open rejects or, worse, reads differently ("MEG\nbuild: 9.9" adds a second build line).
            if (build is null) throw new ArgumentNullException(nameof(build));
            if (string.IsNullOrWhiteSpace(product) || product.Trim() != product || product.IndexOfAny(new[] { '\r', '\n' }) >= 0)
                throw new ArgumentException($"'{product}' is not a product name for a package header (one line, no surrounding spaces).", nameof(product));
            var payload = new byte[Math.Max(0, payloadBytes)];
            var seed = Encoding.UTF8.GetBytes(build.ToString());
            for (var i = 0; i < payload.Length; i++) payload[i] = (byte)(seed[i % seed.Length] ^ (i * 31));
            var fields = Encoding.UTF8.GetBytes($"kind: {Kind}\nproduct: {product}\nbuild: {build}\n");
            var end = Encoding.UTF8.GetBytes(HeaderEnd + "\n");
            string checksum;
            using (var content = new MemoryStream())
            {
                content.Write(fields, 0, fields.Length);
                content.Write(end, 0, end.Length);
                content.Write(payload, 0, payload.Length);
                content.Position = 0;
                checksum = ComputeSha256(content);
            }
            var checksumLine = Encoding.UTF8.GetBytes($"{ChecksumKey}: {checksum}\n");
            using (var stream = File.Create(path))
            {
                foreach (var part in new[] { fields, checksumLine, end, payload }) stream.Write(part, 0, part.Length);
            }
            return Open(path);
        }

        /// <summary>Reads the header of a package held in memory or on a stream, strictly, without checking the payload.</summary>
        public static (string Product, GatewayBuild Build) ReadHeader(Stream stream, string source)
        {
            var header = ParseHeader(stream, source);
            return (header.Product, header.Build);
        }

        /// <summary>
        /// Reads the header and hashes the file with and without the checksum line in one pass from the stream's
        /// position (also used by appliances on what was uploaded). Returns the header and the SHA-256 of the whole file.
        /// </summary>
        public static (PackageHeader Header, string Sha256) Verify(Stream stream, string source, string? expectedSha256)
        {
            var start = stream.Position;
            var header = ParseHeader(stream, source);
            stream.Position = start;
            var (sha256, contentSha256) = Hash(stream, header.ChecksumLineStart, header.ChecksumLineEnd);
            if (expectedSha256 != null && !string.Equals(sha256, expectedSha256, StringComparison.OrdinalIgnoreCase))
                throw new UpdatePackageException(UpdatePackageException.ChecksumMismatch, source,
                    $"The update package '{source}' has SHA-256 {sha256}, not the expected {expectedSha256.ToLowerInvariant()}: it is not the published file, or it was damaged on the way.");
            if (header.ContentSha256 is null)
            {
                if (expectedSha256 is null)
                    throw new UpdatePackageException(UpdatePackageException.Unverified, source,
                        $"The update package '{source}' carries no '{ChecksumKey}' in its header, so a damaged copy cannot be told from a good one. " +
                        "Give the SHA-256 published with it (-Sha256), or write the package again.");
            }
            else if (!string.Equals(contentSha256, header.ContentSha256, StringComparison.OrdinalIgnoreCase))
                throw new UpdatePackageException(UpdatePackageException.Damaged, source,
                    $"The update package '{source}' is damaged: its content has SHA-256 {contentSha256}, but its header records {header.ContentSha256}. " +
                    "The file was changed or cut short after it was written; get it again.");
            return (header, sha256);
        }

        public static string ComputeSha256(Stream stream)
        {
            using var sha = SHA256.Create();
            return Hex(sha.ComputeHash(stream));
        }

        public static bool IsSha256(string? text) => text != null && text.Length == 64 && text.All(Uri.IsHexDigit);

        private static PackageHeader ParseHeader(Stream stream, string source)
        {
            var buffer = new byte[MaxHeaderBytes];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;

            var lines = new List<HeaderLine>();
            var ended = false;
            for (int lineStart = 0, number = 1; lineStart < read; number++)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', lineStart, read - lineStart);
                var lineEnd = newline < 0 ? read : newline + 1;
                var text = Encoding.UTF8.GetString(buffer, lineStart, lineEnd - lineStart).TrimEnd('\n').TrimEnd('\r');
                if (text == HeaderEnd && (newline >= 0 || read < buffer.Length)) { ended = true; break; }
                lines.Add(new HeaderLine(number, text, lineStart, lineEnd));
                if (newline < 0) break;
                lineStart = lineEnd;
            }

            var values = new Dictionary<string, HeaderLine>(StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (var line in lines)
            {
                if (line.Text.Trim().Length == 0) continue;
                if (line.Key.Length == 0) problems.Add($"line {line.Number} is not 'key: value'");
                else if (!HeaderKeys.Contains(line.Key)) problems.Add($"line {line.Number} has the unknown key '{Shorten(line.Key)}' (a header has {string.Join(", ", HeaderKeys)})");
                else if (values.ContainsKey(line.Key)) problems.Add($"line {line.Number} repeats '{line.Key}'");
                else values[line.Key] = line;
            }
            string? Value(string key) => values.TryGetValue(key, out var line) ? line.Value : null;
            if (!ended || Value("kind") != Kind)
                throw new UpdatePackageException(UpdatePackageException.Invalid, source, $"'{source}' is not an update package: it has no '{Kind}' header.");
            if (problems.Count > 0)
                throw new UpdatePackageException(UpdatePackageException.Invalid, source, $"The update package '{source}' has a bad header: {string.Join("; ", problems)}.");
            var product = Value("product");
            if (string.IsNullOrEmpty(product))
                throw new UpdatePackageException(UpdatePackageException.Invalid, source, $"The update package '{source}' names no product.");
            if (!GatewayBuild.TryParse(Value("build"), out var build, out var error))
                throw new UpdatePackageException(UpdatePackageException.Invalid, source, $"The update package '{source}' has a bad build: {error}");
            if (!values.TryGetValue(ChecksumKey, out var checksumLine)) return new PackageHeader(product!, build!, null, 0, 0);
            if (!IsSha256(checksumLine.Value))
                throw new UpdatePackageException(UpdatePackageException.Invalid, source,
                    $"The update package '{source}' has a bad {ChecksumKey} '{Shorten(checksumLine.Value)}': expected 64 hexadecimal digits.");
            return new PackageHeader(product!, build!, checksumLine.Value.ToLowerInvariant(), checksumLine.Start, checksumLine.End);
        }

        /// <summary>The SHA-256 of the whole stream, and of the stream without the bytes from <paramref name="skipStart"/> to <paramref name="skipEnd"/>.</summary>
        private static (string File, string Content) Hash(Stream stream, long skipStart, long skipEnd)
        {
            using var file = SHA256.Create();
            using var content = SHA256.Create();
            var buffer = new byte[81920];
            long offset = 0;
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                file.TransformBlock(buffer, 0, n, null, 0);
                var from = (int)Math.Max(0, Math.Min(n, skipStart - offset));
                var to = (int)Math.Max(0, Math.Min(n, skipEnd - offset));
                if (from > 0) content.TransformBlock(buffer, 0, from, null, 0);
                if (to < n) content.TransformBlock(buffer, to, n - to, null, 0);
                offset += n;
            }
            file.TransformFinalBlock(buffer, 0, 0);
            content.TransformFinalBlock(buffer, 0, 0);
            return (Hex(file.Hash), Hex(content.Hash));
        }

        private static string Hex(byte[] hash)
        {
            var text = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) text.Append(b.ToString("x2"));
            return text.ToString();
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "...";
    }

    /// <summary>What a package's header says, and where its content-sha256 line lies (bytes from the start).</summary>
    public sealed class PackageHeader
    {
        public PackageHeader(string product, GatewayBuild build, string? contentSha256, long checksumLineStart, long checksumLineEnd)
        {
            Product = product;
            Build = build;
            ContentSha256 = contentSha256;
            ChecksumLineStart = checksumLineStart;
            ChecksumLineEnd = checksumLineEnd;
        }

        public string Product { get; }
        public GatewayBuild Build { get; }
        public string? ContentSha256 { get; }
        public long ChecksumLineStart { get; }
        public long ChecksumLineEnd { get; }
    }

    internal sealed class HeaderLine
    {
        public HeaderLine(int number, string text, int start, int end)
        {
            Number = number;
            Text = text;
            Start = start;
            End = end;
            var colon = text.IndexOf(':');
            Key = colon <= 0 ? string.Empty : text.Substring(0, colon).Trim();
            Value = colon <= 0 ? string.Empty : text.Substring(colon + 1).Trim();
        }

        public int Number { get; }
        public string Text { get; }
        public int Start { get; }
        public int End { get; }
        public string Key { get; }
        public string Value { get; }
    }
}
