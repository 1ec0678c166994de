using System;
using EmailGateway.Updates;

namespace EmailGateway.Output
{
    /// <summary>An update package as New-GatewayLabPackage writes it, with its build as text.</summary>
    public sealed class PackageOutput
    {
        private readonly UpdatePackage _package;

        internal PackageOutput(UpdatePackage package) => _package = package ?? throw new ArgumentNullException(nameof(package));

        public string Path => _package.Path;
        public string FileName => _package.FileName;
        public string Product => _package.Product;
        public string Build => _package.Build.ToString();
        public string Sha256 => _package.Sha256;
        public long Length => _package.Length;

        /// <summary>The typed package (its build with version, Patch and Hotfixes).</summary>
        public UpdatePackage GetPackage() => _package;

        public override string ToString() => Path;
    }
}
