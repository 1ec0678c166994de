using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using EmailGateway.Model;

namespace EmailGateway.Updates
{
    /// <summary>
    /// An update package: one file whose first lines are a YAML header (kind, product, build) ended by
    /// a <c>---</c> line, then the payload. The SHA-256 of the whole file travels with <c>update apply</c>.
    /// </summary>
    public sealed class UpdatePackage
    {
        public const string Kind = "gateway-update";
        private const string HeaderEnd = "---";
        private const int MaxHeaderBytes = 4096;

        private UpdatePackage(string path, string product, GatewayBuild build, string sha256, long length)
        {
            Path = path;
            Product = product;
            Build = build;
            Sha256 = sha256;
            Length = length;
        }

        public string Path { get; }
        public string FileName => System.IO.Path.GetFileName(Path);
        public string Product { get; }
        public GatewayBuild Build { get; }
        public string Sha256 { get; }
        public long Length { get; }

        public static UpdatePackage Open(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The update package '{path}' does not exist.", path);
            using var stream = File.OpenRead(path);
            var (product, build) = ReadHeader(stream, path);
            stream.Position = 0;
            return new UpdatePackage(System.IO.Path.GetFullPath(path), product, build, ComputeSha256(stream), stream.Length);
        }

        /// <summary>Writes a package for <paramref name="build"/> with a payload of <paramref name="payloadBytes"/> bytes.</summary>
        public static UpdatePackage Create(string path, string product, GatewayBuild build, int payloadBytes = 64 * 1024)
        {
            // Checked before the file is written: an empty product or one with a line break would write a header
            // that Open rejects or, worse, reads differently ("MEG\nbuild: 9.9" adds a second build line).
            if (build is null) throw new ArgumentNullException(nameof(build));
            if (string.IsNullOrWhiteSpace(product) || product.Trim() != product || product.IndexOfAny(new[] { '\r', '\n' }) >= 0)
                throw new ArgumentException($"'{product}' is not a product name for a package header (one line, no surrounding spaces).", nameof(product));
            var header = $"kind: {Kind}\nproduct: {product}\nbuild: {build}\n{HeaderEnd}\n";
            using (var stream = File.Create(path))
            {
                var headerBytes = Encoding.UTF8.GetBytes(header);
                stream.Write(headerBytes, 0, headerBytes.Length);
                var payload = new byte[Math.Max(0, payloadBytes)];
                var seed = Encoding.UTF8.GetBytes(build.ToString());
                for (var i = 0; i < payload.Length; i++) payload[i] = (byte)(seed[i % seed.Length] ^ (i * 31));
                stream.Write(payload, 0, payload.Length);
            }
            return Open(path);
        }

        /// <summary>Reads the header of a package held in memory or on a stream (also used by appliances).</summary>
        public static (string Product, GatewayBuild Build) ReadHeader(Stream stream, string source)
        {
            var buffer = new byte[MaxHeaderBytes];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            string? kind = null, product = null, buildText = null;
            var ended = false;
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (line == HeaderEnd) { ended = true; break; }
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var key = line.Substring(0, colon).Trim();
                var value = line.Substring(colon + 1).Trim();
                if (key == "kind") kind = value;
                else if (key == "product") product = value;
                else if (key == "build") buildText = value;
            }
            if (!ended || kind != Kind)
                throw new InvalidDataException($"'{source}' is not an update package: it has no '{Kind}' header.");
            if (string.IsNullOrEmpty(product)) throw new InvalidDataException($"The update package '{source}' names no product.");
            if (!GatewayBuild.TryParse(buildText, out var build, out var error))
                throw new InvalidDataException($"The update package '{source}' has a bad build: {error}");
            return (product!, build!);
        }

        public static string ComputeSha256(Stream stream)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(stream);
            var text = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) text.Append(b.ToString("x2"));
            return text.ToString();
        }
    }
}
