using EmailGateway.Tests.Shared;
using Xunit;

namespace EmailGateway.Smtp.Tests.Integration;

/// <summary>What the real-receiver tests need root for, as a skipped test reports it.</summary>
internal static class MailLabAccess
{
    public static readonly string? SkipReason = RootOnly.SkipReason("it creates a network namespace for Postfix and dnsmasq");
}

/// <summary>A fact that needs the mail lab: skipped, with the reason, when not running as root.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute() => Skip = MailLabAccess.SkipReason!;
}

/// <summary>A theory that needs the mail lab: skipped, with the reason, when not running as root.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute() => Skip = MailLabAccess.SkipReason!;
}
