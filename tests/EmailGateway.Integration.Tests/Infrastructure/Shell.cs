using System.Diagnostics;

namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>Runs a system tool and fails with its output when it fails.</summary>
internal static class Shell
{
    public static string Run(string file, params string[] arguments) => Run(file, arguments, stdin: null);

    public static string Run(string file, IEnumerable<string> arguments, string? stdin, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        if (stdin != null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(60)).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish.");
        }
        if (process.ExitCode != 0)
            throw new ShellException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}", stderr.Result);
        return stdout.Result;
    }
}

/// <summary>A tool that exited with a failure, and what it wrote to its standard error.</summary>
internal sealed class ShellException(string message, string standardError) : InvalidOperationException(message)
{
    public string StandardError { get; } = standardError;
}
