namespace EmailGateway.Transport
{
    /// <summary>
    /// Where the core reports what it does. Calls may come from worker threads; the PowerShell
    /// side queues them and writes them on the pipeline thread. Never pass secrets here.
    /// </summary>
    public interface IOperationLog
    {
        /// <summary>A command sent and its outcome (shown with -Verbose).</summary>
        void Verbose(string message);

        /// <summary>Raw replies (shown with -Debug).</summary>
        void Debug(string message);

        /// <summary>A risky but allowed state.</summary>
        void Warning(string message);
    }

    public sealed class NullOperationLog : IOperationLog
    {
        public static NullOperationLog Instance { get; } = new NullOperationLog();
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}
