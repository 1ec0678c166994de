using System.Security.Cryptography;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>
/// The throwaway account the appliances are logged into: /bin/sh as its shell (sshd runs the ForceCommand
/// through it), a home of its own, and a fresh random password per test run. Never root.
/// </summary>
internal static class TestUser
{
    public const string Name = "eglabuser";
    public const string Home = "/var/lib/emailgateway-test-user";
    private static readonly Lazy<string> PasswordValue = new(Ensure);

    public static string Password => PasswordValue.Value;

    private static string Ensure()
    {
        if (Environment.UserName != "root" && Shell.Run("id", "-u").Trim() != "0")
            throw new InvalidOperationException("The SSH integration tests create a test user and start sshd; run them as root (CI does).");
        var exists = File.ReadLines("/etc/passwd").Any(line => line.StartsWith(Name + ":", StringComparison.Ordinal));
        if (!exists) Shell.Run("useradd", "--system", "--create-home", "--home-dir", Home, "--shell", "/bin/sh", Name);
        else Shell.Run("usermod", "--shell", "/bin/sh", "--home", Home, Name);
        Directory.CreateDirectory(Home);
        Shell.Run("chown", $"{Name}:", Home);
        var password = "Pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        Shell.Run("chpasswd", new string[0], $"{Name}:{password}\n");
        return password;
    }

    public static void Touch() => _ = Password;
}
