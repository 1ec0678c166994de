using System.Management.Automation;
using EmailGateway.Execution;
using EmailGateway.Transport;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// Messages and progress from worker threads, posted to the cmdlet's mailbox so they are written on
    /// the pipeline thread (PowerShell refuses writes from other threads) as soon as it serves the mailbox:
    /// while it waits for parallel work, or when it flushes.
    /// </summary>
    internal sealed class PipelineLog : IOperationLog
    {
        private readonly Cmdlet _cmdlet;
        private readonly Mailbox _mailbox;

        public PipelineLog(Cmdlet cmdlet, Mailbox mailbox)
        {
            _cmdlet = cmdlet;
            _mailbox = mailbox;
        }

        /// <summary>Where the records go; whoever waits on the pipeline thread for the workers serves it.</summary>
        public Mailbox Mailbox => _mailbox;

        public void Verbose(string message) => _mailbox.Post(() => _cmdlet.WriteVerbose(message));
        public void Debug(string message) => _mailbox.Post(() => _cmdlet.WriteDebug(message));
        public void Warning(string message) => _mailbox.Post(() => _cmdlet.WriteWarning(message));
        public void Progress(ProgressRecord record) => _mailbox.Post(() => _cmdlet.WriteProgress(record));
        public void Information(string message, string source) => _mailbox.Post(() => _cmdlet.WriteInformation(new InformationRecord(message, source)));
    }
}
