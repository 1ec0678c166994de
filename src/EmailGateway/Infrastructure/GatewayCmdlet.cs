using System;
using System.Management.Automation;
using System.Threading;
using EmailGateway.Operations;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// What every cmdlet of the module shares: a cancellation token tied to Ctrl+C (StopProcessing),
    /// a log that worker threads can write to, and ErrorIds named after the cmdlet.
    /// </summary>
    public abstract class GatewayCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private PipelineLog? _log;

        protected CancellationToken StopToken => _stop.Token;

        internal PipelineLog Log => _log ??= new PipelineLog();

        /// <summary>The cmdlet name without its dash, the prefix of every ErrorId it writes.</summary>
        protected string ErrorPrefix => MyInvocation.MyCommand.Name.Replace("-", string.Empty);

        protected override void StopProcessing() => _stop.Cancel();

        protected void FlushLog() => _log?.Flush(this);

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
