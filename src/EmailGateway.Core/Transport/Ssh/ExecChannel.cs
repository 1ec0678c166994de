using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>How an exec request ended when it did not complete.</summary>
    internal enum ExecEnd
    {
        Completed,

        /// <summary>The caller cancelled; the command is being stopped in the background.</summary>
        Cancelled,

        /// <summary>The command ran past the timeout; the server acknowledged its cancellation.</summary>
        TimedOut,

        /// <summary>The server did not answer within the timeout plus <see cref="ExecChannel.AnswerGrace"/>: the connection is dead.</summary>
        Unanswered,
    }

    /// <summary>
    /// One exec request with every wait on the server bounded: opening the channel and sending the
    /// request (which SSH.NET waits for synchronously) and the command itself share one deadline, the
    /// command timeout. At the deadline the command is signalled and its channel closed; a server that
    /// does not acknowledge that within <see cref="AnswerGrace"/> is taken for dead.
    /// </summary>
    internal sealed class ExecChannel
    {
        /// <summary>How long a server may take to acknowledge a cancelled command before its connection counts as dead.</summary>
        public static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(2);

        private SshCommand? _command;
        private Task? _execution;

        private ExecChannel()
        {
        }

        public SshCommand Command => _command!;

        public static async Task<(ExecEnd End, ExecChannel Channel)> RunAsync(SshClient client, string commandLine, TimeSpan timeout, CancellationToken token)
        {
            var exec = new ExecChannel();
            var clock = Stopwatch.StartNew();
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = token.Register(() => cancelled.TrySetResult(true));

            // Not Task.Run, which would unwrap the execution: this task ends when the request is sent.
            var start = Task.Factory.StartNew(() =>
            {
                exec._command = client.CreateCommand(commandLine);
                return exec._execution = exec._command.ExecuteAsync(CancellationToken.None);
            }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
            var first = await Task.WhenAny(start, cancelled.Task, Task.Delay(timeout)).ConfigureAwait(false);
            if (first != start)
            {
                // Stop the command once its channel is open, if it ever opens.
                _ = start.ContinueWith(t => { _ = t.Exception; exec.StopInBackground(); }, TaskScheduler.Default);
                return (first == cancelled.Task ? ExecEnd.Cancelled : ExecEnd.Unanswered, exec);
            }
            var execution = await start.ConfigureAwait(false); // a connection failure surfaces here

            var remaining = timeout - clock.Elapsed;
            var finished = await Task.WhenAny(execution, cancelled.Task, Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero)).ConfigureAwait(false);
            if (finished == execution) return (ExecEnd.Completed, exec);
            exec.StopInBackground();
            if (finished == cancelled.Task) return (ExecEnd.Cancelled, exec);
            var answered = await Task.WhenAny(execution, Task.Delay(AnswerGrace)).ConfigureAwait(false) == execution;
            return (answered ? ExecEnd.TimedOut : ExecEnd.Unanswered, exec);
        }

        /// <summary>
        /// Signals the remote command and closes its channel, off the caller's path. SSH.NET completes the
        /// command itself if the server stays silent for longer than the grace, so nothing waits forever.
        /// </summary>
        public void StopInBackground()
        {
            var command = _command;
            var execution = _execution;
            if (command is null || execution is null) return;
            _ = execution.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            Task.Run(() =>
            {
                try { command.CancelAsync(forceKill: false, millisecondsTimeout: (int)(AnswerGrace + AnswerGrace).TotalMilliseconds); }
                catch (Exception) { /* the channel may already be gone */ }
                finally
                {
                    // Closing the channel closes the remote process's input, so it ends even if it ignored the signal.
                    try { command.Dispose(); } catch (Exception) { /* already closed */ }
                }
            });
        }
    }
}
