using EmailGateway.Tests.Shared;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>What the sshd lab needs root for, as a skipped test reports it.</summary>
internal static class SshdLabAccess
{
    public static readonly string? SkipReason = RootOnly.SkipReason($"it starts sshd and logs in as the test user {TestUser.Name}");
}

/// <summary>A fact that needs the sshd lab: skipped, with the reason, when not running as root.</summary>
public sealed class SshdFactAttribute : FactAttribute
{
    public SshdFactAttribute() => Skip = SshdLabAccess.SkipReason!;
}

/// <summary>A theory that needs the sshd lab: skipped, with the reason, when not running as root.</summary>
public sealed class SshdTheoryAttribute : TheoryAttribute
{
    public SshdTheoryAttribute() => Skip = SshdLabAccess.SkipReason!;
}
