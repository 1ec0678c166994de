namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>
/// The throwaway account the appliances are logged into (never root), set up by tools/SshdLab/test-user.sh,
/// which the Pester lab shares: /bin/sh as its shell (sshd runs the ForceCommand through it), a home of its
/// own, and one password per machine kept where only root can read it. The script changes the account only
/// under a lock and only when needed, so test runs in parallel processes never change it under each other.
/// </summary>
internal static class TestUser
{
    public const string Name = "eglabuser";
    private static readonly Lazy<string> PasswordValue = new(() => Script("ensure").Trim());

    public static string Password => PasswordValue.Value;

    public static void Touch() => _ = Password;

    /// <summary>Runs tools/SshdLab/test-user.sh (copied beside the tests); fails with the one line it gives.</summary>
    public static string Script(params string[] arguments)
    {
        if (SshdLabAccess.SkipReason is { } reason) throw new InvalidOperationException("The sshd lab " + reason);
        try
        {
            return Shell.Run("/bin/sh", new[] { Path.Combine(AppContext.BaseDirectory, "test-user.sh") }.Concat(arguments), stdin: null);
        }
        catch (ShellException failed) when (failed.StandardError.Length > 0)
        {
            throw new InvalidOperationException(failed.StandardError.Trim());
        }
    }
}
