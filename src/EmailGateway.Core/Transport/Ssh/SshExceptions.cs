using System;
using EmailGateway.Protocol;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// An SSH session could not be set up for a reason retrying will not fix (host key, credentials,
    /// algorithms, key file). <see cref="ErrorId"/> is stable for scripts. Messages never hold secrets.
    /// </summary>
    public abstract class SshSessionException : Exception
    {
        protected SshSessionException(string computerName, string errorId, string message, Exception? inner = null)
            : base(message, inner)
        {
            ComputerName = computerName;
            ErrorId = errorId;
        }

        public string ComputerName { get; }
        public string ErrorId { get; }
    }

    /// <summary>The server's host key could not be trusted; nothing was sent to it.</summary>
    public abstract class SshHostKeyException : SshSessionException
    {
        protected SshHostKeyException(string computerName, string errorId, HostKeyCheck check, string message)
            : base(computerName, errorId, message)
        {
            Check = check;
        }

        public HostKeyCheck Check { get; }
        public string Fingerprint => Check.Fingerprint;
        public string KeyType => Check.KeyType;
    }

    /// <summary>known_hosts has no key for this host; the message says how to trust the shown fingerprint.</summary>
    public sealed class UnknownHostKeyException : SshHostKeyException
    {
        public UnknownHostKeyException(string computerName, string endpoint, HostKeyCheck check)
            : base(computerName, "HostKeyUnknown", check,
                $"{computerName}: the host key of {endpoint} is not known" +
                (check.Source is null ? "" : $" in {check.Source}") +
                $". Its {check.KeyType} key fingerprint is {check.Fingerprint}. Compare it with the fingerprint on the appliance's console " +
                $"('ssh-keygen -lf' of its host key); if they match, connect again with -HostKeyFingerprint '{check.Fingerprint}', " +
                "or with -AcceptNewHostKey to record the key in known_hosts.")
        {
        }
    }

    /// <summary>The host presented a different key than the one recorded or pinned: possibly a man-in-the-middle.</summary>
    public sealed class ChangedHostKeyException : SshHostKeyException
    {
        public ChangedHostKeyException(string computerName, string endpoint, HostKeyCheck check, string removeHint)
            : base(computerName, "HostKeyChanged", check,
                $"{computerName}: WARNING: the host key of {endpoint} has changed: it presented the {check.KeyType} key {check.Fingerprint}, " +
                $"which differs from the {(check.RecordedKeyType is null ? "one" : check.RecordedKeyType + " key")} recorded in {check.Source}{(check.Line > 0 ? " line " + check.Line : "")}. " +
                "Someone could be intercepting the connection (man-in-the-middle), or the appliance was reinstalled. The connection was refused. " +
                $"If the change is expected, {removeHint}")
        {
        }
    }

    /// <summary>known_hosts lists the presented key under @revoked.</summary>
    public sealed class RevokedHostKeyException : SshHostKeyException
    {
        public RevokedHostKeyException(string computerName, string endpoint, HostKeyCheck check)
            : base(computerName, "HostKeyRevoked", check,
                $"{computerName}: the host key of {endpoint} ({check.KeyType} {check.Fingerprint}) is marked @revoked in {check.Source} line {check.Line}. The connection was refused.")
        {
        }
    }

    public sealed class SshAuthenticationFailedException : SshSessionException
    {
        public SshAuthenticationFailedException(string computerName, string endpoint, string userName, string method)
            : base(computerName, "AuthenticationFailed",
                $"{computerName}: {endpoint} refused the {method} of user '{userName}'. Check the user name, the credential or key, and that the key is in the appliance's authorized keys.")
        {
        }
    }

    public sealed class SshAlgorithmNegotiationException : SshSessionException
    {
        public SshAlgorithmNegotiationException(string computerName, string endpoint, bool legacyAllowed, string detail)
            : base(computerName, "AlgorithmNegotiationFailed",
                $"{computerName}: no common SSH algorithm with {endpoint} ({detail}). " +
                (legacyAllowed
                    ? "Legacy algorithms were allowed too; the appliance offers none this client supports."
                    : $"Legacy algorithms ({SshAlgorithms.LegacySummary}) are disabled by default; if this appliance only offers them, connect with -AllowLegacyAlgorithms."))
        {
        }
    }

    /// <summary>The private key file is missing, unreadable, of an unknown format, or its passphrase is wrong.</summary>
    public sealed class SshKeyFileException : SshSessionException
    {
        public SshKeyFileException(string computerName, string path, string problem)
            : base(computerName, "KeyFileInvalid", $"{computerName}: the private key file '{path}' cannot be used: {problem}")
        {
        }
    }

    /// <summary>The appliance could not be reached (refused, timed out, reset, name not found). Retrying may help.</summary>
    public sealed class SshUnreachableException : GatewayCommandException
    {
        public SshUnreachableException(string computerName, string endpoint, string reason, Exception? inner = null)
            : base(computerName, "connect " + endpoint, ErrorCodes.Unreachable, reason, inner)
        {
            Endpoint = endpoint;
        }

        public string Endpoint { get; }
    }
}
