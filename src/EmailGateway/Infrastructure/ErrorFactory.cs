using System;
using System.IO;
using System.Management.Automation;
using EmailGateway.Operations;
using EmailGateway.Protocol;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>Turns core exceptions into ErrorRecords with an ErrorId of the form &lt;Cmdlet&gt;&lt;Reason&gt;.</summary>
    internal static class ErrorFactory
    {
        public static ErrorRecord Create(string cmdletPrefix, Exception exception, object? target)
        {
            if (exception is RefusedException refused) return Create(cmdletPrefix, refused.Refusal);
            var (reason, category) = Classify(exception);
            return new ErrorRecord(exception, cmdletPrefix + reason, category, target);
        }

        public static ErrorRecord Create(string cmdletPrefix, string reason, ErrorCategory category, string message, object? target) =>
            new ErrorRecord(new InvalidOperationException(message), cmdletPrefix + reason, category, target);

        /// <summary>A refusal from Core: its reason and kind, or the exception it carries, classified as any other.</summary>
        public static ErrorRecord Create(string cmdletPrefix, Refusal refusal) =>
            refusal.Cause != null
                ? Create(cmdletPrefix, refusal.Cause, refusal.Target)
                : Create(cmdletPrefix, refusal.Reason!, CategoryOf(refusal.Kind), refusal.Message, refusal.Target);

        private static ErrorCategory CategoryOf(RefusalKind kind) => kind switch
        {
            RefusalKind.InvalidArgument => ErrorCategory.InvalidArgument,
            RefusalKind.NotFound => ErrorCategory.ObjectNotFound,
            RefusalKind.AlreadyExists => ErrorCategory.ResourceExists,
            RefusalKind.Busy => ErrorCategory.ResourceBusy,
            RefusalKind.Unreachable => ErrorCategory.ConnectionError,
            RefusalKind.InvalidData => ErrorCategory.InvalidData,
            RefusalKind.InvalidResult => ErrorCategory.InvalidResult,
            _ => ErrorCategory.InvalidOperation,
        };

        private static (string Reason, ErrorCategory Category) Classify(Exception exception) => exception switch
        {
            Transport.Ssh.SshHostKeyException hostKey => (hostKey.ErrorId, ErrorCategory.SecurityError),
            Transport.Ssh.SshAuthenticationFailedException auth => (auth.ErrorId, ErrorCategory.AuthenticationError),
            Transport.Ssh.SshAlgorithmNegotiationException negotiation => (negotiation.ErrorId, ErrorCategory.ProtocolError),
            Transport.Ssh.SshSessionException ssh => (ssh.ErrorId, ErrorCategory.InvalidData),
            GatewayCommandException command => command.Code switch
            {
                ErrorCodes.Unreachable => ("Unreachable", ErrorCategory.ConnectionError),
                ErrorCodes.Busy => ("Busy", ErrorCategory.ResourceBusy),
                ErrorCodes.Timeout => ("Timeout", ErrorCategory.OperationTimeout),
                ErrorCodes.InvalidArgument => ("InvalidArgument", ErrorCategory.InvalidArgument),
                ErrorCodes.ChecksumMismatch => ("ChecksumMismatch", ErrorCategory.InvalidData),
                ErrorCodes.InvalidPackage => ("InvalidPackage", ErrorCategory.InvalidData),
                ErrorCodes.UpdateFailed => ("UpdateFailed", ErrorCategory.InvalidResult),
                ErrorCodes.Downgrade => ("DowngradeRefused", ErrorCategory.InvalidOperation),
                "guard" => ("RefusedByGuard", ErrorCategory.InvalidOperation),
                _ => ("CommandFailed", ErrorCategory.InvalidOperation),
            },
            Updates.UpdatePackageException package => (package.Reason, ErrorCategory.InvalidData),
            EmailGateway.Upgrade.Journal.UpgradeJournalException journal => (journal.Reason,
                journal.Reason == EmailGateway.Upgrade.Journal.UpgradeJournalException.NotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData),
            Inventory.InventoryException => ("InvalidInventory", ErrorCategory.InvalidData),
            OperationCanceledException => ("Stopped", ErrorCategory.OperationStopped),
            TimeoutException => ("Timeout", ErrorCategory.OperationTimeout),
            FileNotFoundException => ("FileNotFound", ErrorCategory.ObjectNotFound),
            InvalidDataException => ("InvalidData", ErrorCategory.InvalidData),
            Profiles.DeviceProfileException => ("InvalidDeviceProfile", ErrorCategory.InvalidData),
            FormatException => ("InvalidFormat", ErrorCategory.InvalidData),
            ArgumentException => ("InvalidArgument", ErrorCategory.InvalidArgument),
            ObjectDisposedException => ("SessionClosed", ErrorCategory.ResourceUnavailable),
            UnauthorizedAccessException => ("AccessDenied", ErrorCategory.PermissionDenied),
            _ => ("Failed", ErrorCategory.NotSpecified),
        };
    }
}
