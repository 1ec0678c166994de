using System.Security.Cryptography;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>
/// The throwaway account the appliances are logged into: /bin/sh as its shell (sshd runs the ForceCommand
/// through it), a home of its own, and a random password. Never root. The password is drawn once per
/// machine and kept in a file only root can read (<see cref="PasswordFile"/>, shared with
/// tools/SshdLab), so test runs in parallel processes do not change it under each other.
/// </summary>
internal static class TestUser
{
    public const string Name = "eglabuser";
    public const string Home = "/var/lib/emailgateway-test-user";
    public const string PasswordFile = "/var/lib/emailgateway-test-user.password";
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
        var password = SharedPassword();
        Shell.Run("chpasswd", new string[0], $"{Name}:{password}\n");
        return password;
    }

    private static string SharedPassword()
    {
        try
        {
            using var created = new FileStream(PasswordFile, FileMode.CreateNew, FileAccess.Write);
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var bytes = System.Text.Encoding.ASCII.GetBytes("Pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
            created.Write(bytes);
        }
        catch (IOException) when (File.Exists(PasswordFile))
        {
            // drawn by another run
        }
        for (var attempt = 0; ; attempt++)
        {
            var password = File.ReadAllText(PasswordFile).Trim();
            if (password.Length > 0 || attempt == 50) return password.Length > 0 ? password : throw new InvalidOperationException($"{PasswordFile} is empty.");
            Thread.Sleep(20); // its writer is between creating and writing it
        }
    }

    public static void Touch() => _ = Password;
}
