using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace EmailGateway.Smtp.Tests.Integration;

/// <summary>A server process the tests start and stop by its PID, with its output kept for failure messages.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ChildProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;
    public string Output { get { lock (output) return output.ToString(); } }

    public static ChildProcess Start(string name, string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (child.output) child.output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (child.output) child.output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a short command to its end; fails when it outlives the timeout.</summary>
    public static (int ExitCode, string Output) Run(TimeSpan timeout, string file, params string[] arguments)
    {
        using var child = Start(Path.GetFileName(file), file, arguments);
        if (!child.process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            child.Stop();
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s");
        }
        child.process.WaitForExit(); // drains the output readers
        return (child.process.ExitCode, child.Output);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SigTerm = 15;

    /// <summary>SIGTERM by PID so the server can stop its own children, then SIGKILL if it lingers.</summary>
    public void Stop()
    {
        if (process.HasExited) return;
        kill(process.Id, SigTerm);
        if (!process.WaitForExit(5000))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
    }
}
