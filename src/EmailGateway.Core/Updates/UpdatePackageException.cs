using System.IO;

namespace EmailGateway.Updates
{
    /// <summary>An update package that must not be installed; <see cref="Reason"/> names why, for the ErrorId.</summary>
    public sealed class UpdatePackageException : IOException
    {
        /// <summary>The header is missing, malformed, has an unknown or repeated key, or names no product or a bad build.</summary>
        public const string Invalid = "PackageInvalid";
        /// <summary>The payload does not match the checksum in the header: the file was changed or cut short.</summary>
        public const string Damaged = "PackageDamaged";
        /// <summary>The whole file does not match the SHA-256 the caller expected (the vendor's published value).</summary>
        public const string ChecksumMismatch = "PackageChecksumMismatch";
        /// <summary>The header carries no payload checksum and no expected SHA-256 was given: nothing can tell a damaged file.</summary>
        public const string Unverified = "PackageUnverified";

        public UpdatePackageException(string reason, string path, string message) : base(message)
        {
            Reason = reason;
            Path = path;
        }

        public string Reason { get; }
        public string Path { get; }
    }
}
