namespace EmailGateway.Tests.Shared;

/// <summary>
/// Whether the tests run as root, and the reason a test that needs root gives when it is skipped.
/// Tests that need root (real servers that log in as another user or live in a network namespace) are
/// skipped, never failed, when the suite runs as another user; README.md lists them.
/// </summary>
public static class RootOnly
{
    public static bool IsRoot { get; } = EffectiveUserId() == "0";

    /// <summary>Null as root; otherwise "needs root: <paramref name="what"/> (running as ...)".</summary>
    public static string? SkipReason(string what) => IsRoot ? null : $"needs root: {what} (running as {Environment.UserName})";

    private static string? EffectiveUserId() =>
        File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t')[2]
            : null;
}
