using System.Collections.Concurrent;
using System.Management.Automation;
using EmailGateway.Transport;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// Collects messages and progress from worker threads so the cmdlet can write them on the
    /// pipeline thread (PowerShell refuses writes from other threads).
    /// </summary>
    internal sealed class PipelineLog : IOperationLog
    {
        private readonly ConcurrentQueue<object> _pending = new ConcurrentQueue<object>();

        public void Verbose(string message) => _pending.Enqueue(new VerboseRecord(message));
        public void Debug(string message) => _pending.Enqueue(new DebugRecord(message));
        public void Warning(string message) => _pending.Enqueue(new WarningRecord(message));
        public void Progress(ProgressRecord record) => _pending.Enqueue(record);
        public void Information(string message, string source) => _pending.Enqueue(new InformationRecord(message, source));

        /// <summary>Writes everything queued so far. Call only on the pipeline thread.</summary>
        public void Flush(Cmdlet cmdlet)
        {
            while (_pending.TryDequeue(out var item))
            {
                switch (item)
                {
                    case VerboseRecord verbose: cmdlet.WriteVerbose(verbose.Message); break;
                    case DebugRecord debug: cmdlet.WriteDebug(debug.Message); break;
                    case WarningRecord warning: cmdlet.WriteWarning(warning.Message); break;
                    case ProgressRecord progress: cmdlet.WriteProgress(progress); break;
                    case InformationRecord information: cmdlet.WriteInformation(information); break;
                }
            }
        }
    }
}
