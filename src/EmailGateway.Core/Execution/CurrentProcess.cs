using System.Diagnostics;

namespace EmailGateway.Execution
{
    /// <summary>
    /// This process's id, read once: netstandard2.0 has no Environment.ProcessId, and every
    /// Process.GetCurrentProcess() is a new object holding a handle until it is disposed.
    /// </summary>
    public static class CurrentProcess
    {
        public static int Id { get; } = ReadId();

        private static int ReadId()
        {
            using var process = Process.GetCurrentProcess();
            return process.Id;
        }
    }
}
