using System;
using System.IO;

namespace EmailGateway.Lab.World
{
    /// <summary>
    /// Where the files uploaded to the nodes live: in memory on each node (saved with the state), or, with a
    /// root folder, as files under <c>&lt;root&gt;/&lt;node&gt;/var/tmp/updates/</c> that a file transfer server can write.
    /// </summary>
    internal sealed class UploadStore
    {
        private string? _root;

        public string? Root
        {
            get => _root;
            set => _root = string.IsNullOrWhiteSpace(value) ? null : value;
        }

        public void Store(LabNode node, string remotePath, byte[] content)
        {
            if (_root is null)
            {
                node.Uploads[remotePath] = content;
                return;
            }
            var file = FilePath(node, remotePath);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
        }

        public byte[]? Read(LabNode node, string remotePath)
        {
            if (_root is null) return node.Uploads.TryGetValue(remotePath, out var bytes) ? bytes : null;
            var file = FilePath(node, remotePath);
            return File.Exists(file) ? File.ReadAllBytes(file) : null;
        }

        /// <summary>Where a node's remote path lives under <see cref="Root"/> (which must be set).</summary>
        public string FilePath(LabNode node, string remotePath) =>
            Path.Combine(_root ?? throw new InvalidOperationException("The uploads are kept in memory."), node.Name,
                remotePath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
    }
}
