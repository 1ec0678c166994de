namespace EmailGateway.Protocol
{
    /// <summary>Error codes the appliance (and the lab) put in <c>error:</c> lines.</summary>
    public static class ErrorCodes
    {
        public const string UnknownCommand = "unknown-command";
        public const string InvalidArgument = "invalid-argument";
        public const string Busy = "busy";
        public const string Unreachable = "unreachable";
        public const string ChecksumMismatch = "checksum-mismatch";
        public const string NotFound = "not-found";
        public const string InvalidPackage = "invalid-package";
        public const string Injected = "injected-fault";
        public const string Timeout = "timeout";

        /// <summary>Raised by the module, not the appliance: a node came back from an update on another build.</summary>
        public const string UpdateFailed = "update-failed";

        /// <summary>Raised by the module, not the appliance: the package is older than the node's build and no downgrade was allowed.</summary>
        public const string Downgrade = "downgrade";
    }
}
