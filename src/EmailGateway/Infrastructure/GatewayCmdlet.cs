using System;
using System.Management.Automation;
using System.Threading;
using EmailGateway.Execution;
using EmailGateway.Operations;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// What every cmdlet of the module shares: a cancellation token tied to Ctrl+C (StopProcessing),
    /// a mailbox through which worker threads hand writes to the pipeline thread, a log that posts
    /// there, and ErrorIds named after the cmdlet.
    /// </summary>
    public abstract class GatewayCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private PipelineLog? _log;

        protected CancellationToken StopToken => _stop.Token;

        /// <summary>Work for the pipeline thread, served while it waits for parallel work (FanOut) and by <see cref="FlushLog"/>.</summary>
        internal Mailbox Mailbox { get; } = new Mailbox();

        internal PipelineLog Log => _log ??= new PipelineLog(this, Mailbox);

        /// <summary>The cmdlet name without its dash, the prefix of every ErrorId it writes.</summary>
        protected string ErrorPrefix => MyInvocation.MyCommand.Name.Replace("-", string.Empty);

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>
        /// Cancels <see cref="StopToken"/> once the pipeline thread has seen the pipeline stop (a write or a script
        /// block threw PipelineStoppedException). PowerShell stops the innermost pipeline first, so a -BeforeStep
        /// or -AfterStep script block is interrupted before StopProcessing reaches this cmdlet; work that sees
        /// the interrupted block must already see the stop.
        /// </summary>
        internal void PipelineStopped() => _stop.Cancel();

        /// <summary>
        /// Writes what worker threads have posted so far. Call only on the pipeline thread. After Ctrl+C the
        /// streams are closed, so it writes nothing.
        /// </summary>
        protected void FlushLog()
        {
            if (!StopToken.IsCancellationRequested) Mailbox.RunPending();
        }

        /// <summary>Writes a non-terminating error for one target, classified from the exception.</summary>
        protected void WriteNodeError(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerExceptions[0];
            WriteError(ErrorFactory.Create(ErrorPrefix, exception, target));
        }

        protected void WriteNodeError(string reason, ErrorCategory category, string message, object? target) =>
            WriteError(ErrorFactory.Create(ErrorPrefix, reason, category, message, target));

        protected void ThrowTerminating(string reason, ErrorCategory category, string message, object? target) =>
            ThrowTerminatingError(ErrorFactory.Create(ErrorPrefix, reason, category, message, target));

        protected void ThrowTerminating(Exception exception, object? target) =>
            ThrowTerminatingError(ErrorFactory.Create(ErrorPrefix, exception, target));

        /// <summary>
        /// Says where a stopped command left things, after Ctrl+C. By then PowerShell has closed the pipeline's
        /// streams (every Write* call throws PipelineStoppedException), so the host's warning line is the only
        /// way left to the user; a runspace without a host of its own keeps it in its warning stream.
        /// </summary>
        protected void WarnAfterStop(string message)
        {
            if (!StopToken.IsCancellationRequested)
            {
                WriteWarning(message);
                return;
            }
            try
            {
                Host?.UI?.WriteWarningLine(message);
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is System.Management.Automation.Host.HostException || ex is InvalidOperationException)
            {
                // A host that cannot write now has nowhere else to put it; the journal holds the same words.
            }
        }

        /// <summary>Stops the cmdlet with the refusal Core gave (nothing was changed).</summary>
        protected void ThrowRefusal(Refusal refusal) => ThrowTerminatingError(ErrorFactory.Create(ErrorPrefix, refusal));

        protected void WriteRefusal(Refusal refusal) => WriteError(ErrorFactory.Create(ErrorPrefix, refusal));

        /// <summary>True under -WhatIf, given or inherited through $WhatIfPreference.</summary>
        protected bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)) return LanguagePrimitives.IsTrue(value is SwitchParameter s ? s.IsPresent : value);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>Wraps an object with the module's type name so the format file's views apply.</summary>
        protected static PSObject Typed(object value, string typeName)
        {
            var wrapped = PSObject.AsPSObject(value);
            if (wrapped.TypeNames.Count == 0 || wrapped.TypeNames[0] != typeName) wrapped.TypeNames.Insert(0, typeName);
            return wrapped;
        }

        public void Dispose()
        {
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
