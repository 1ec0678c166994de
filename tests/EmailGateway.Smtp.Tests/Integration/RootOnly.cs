using Xunit;

namespace EmailGateway.Smtp.Tests.Integration;

/// <summary>Why the real-receiver tests cannot run here (they need root for a network namespace), or null when they can.</summary>
internal static class RootOnly
{
    public static readonly string? SkipReason = IsRoot()
        ? null
        : $"needs root: it creates a network namespace for Postfix and dnsmasq (running as {Environment.UserName})";

    private static bool IsRoot() =>
        File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t')[1] == "0");
}

/// <summary>A fact that is skipped, with the reason, when not running as root.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute() => Skip = RootOnly.SkipReason!;
}

/// <summary>A theory that is skipped, with the reason, when not running as root.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute() => Skip = RootOnly.SkipReason!;
}
