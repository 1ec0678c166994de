using System;

namespace EmailGateway.Operations
{
    /// <summary>What kind of problem a refusal is, for the caller to classify (PowerShell maps it to an error category).</summary>
    public enum RefusalKind
    {
        InvalidArgument,
        NotFound,
        AlreadyExists,
        InvalidOperation,
        Busy,
        Unreachable,
        InvalidData,
        InvalidResult,
    }

    /// <summary>
    /// Why an operation will not go ahead, worded for the user: a reason (the tail of an ErrorId, e.g.
    /// <c>PreflightFailed</c>), its kind, the message and what it concerns; or the exception that stopped it.
    /// Nothing was changed when an operation is refused.
    /// </summary>
    public sealed class Refusal
    {
        private Refusal(string? reason, RefusalKind kind, string message, object? target, Exception? cause)
        {
            Reason = reason;
            Kind = kind;
            Message = message;
            Target = target;
            Cause = cause;
        }

        public static Refusal Because(string reason, RefusalKind kind, string message, object? target = null) =>
            new Refusal(reason ?? throw new ArgumentNullException(nameof(reason)), kind, message, target, null);

        /// <summary>A refusal that is an exception (a file that cannot be read, a bad argument): the caller classifies the exception itself.</summary>
        public static Refusal From(Exception cause, object? target = null) =>
            new Refusal(null, RefusalKind.InvalidOperation, (cause ?? throw new ArgumentNullException(nameof(cause))).Message, target, cause);

        /// <summary>The reason, e.g. <c>SessionNotFound</c>; null when <see cref="Cause"/> says it.</summary>
        public string? Reason { get; }

        public RefusalKind Kind { get; }
        public string Message { get; }
        public object? Target { get; }
        public Exception? Cause { get; }

        public override string ToString() => Reason is null ? Message : $"{Reason}: {Message}";
    }

    /// <summary>An operation was refused partway (after the caller said go): carries the refusal.</summary>
    public sealed class RefusedException : InvalidOperationException
    {
        public RefusedException(Refusal refusal) : base(refusal.Message, refusal.Cause) => Refusal = refusal;

        public Refusal Refusal { get; }
    }
}
