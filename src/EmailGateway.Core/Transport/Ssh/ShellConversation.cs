using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Profiles;
using EmailGateway.Protocol;
using Renci.SshNet;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// One interactive shell channel on an appliance CLI that refuses exec requests: send a line, read
    /// until the profile's prompt comes back, typing the pager's key whenever its prompt (<c>--More--</c>)
    /// ends the output. There is no exit status in a shell, so a reply holding a line that the profile's
    /// error pattern matches is a failure (status 1) and those lines are its stderr.
    /// </summary>
    internal sealed class ShellConversation : IDisposable
    {
        private readonly ShellStream _stream;
        private readonly ShellDialect _dialect;
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private readonly byte[] _buffer = new byte[16 * 1024];
        private readonly StringBuilder _received = new StringBuilder();
        private int _broken;

        private ShellConversation(ShellStream stream, ShellDialect dialect)
        {
            _stream = stream;
            _dialect = dialect;
        }

        public bool IsUsable => _broken == 0 && _stream.CanRead;

        /// <summary>
        /// Opens a shell with a terminal and waits for the first prompt, both within <paramref name="timeout"/>.
        /// SSH.NET opens the channel synchronously, waiting on the server: that runs off the caller's path.
        /// </summary>
        public static async Task<ShellConversation> OpenAsync(SshClient client, ShellDialect dialect, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var open = Task.Run(() => client.CreateShellStream("dumb", 1000, 50, 0, 0, 64 * 1024));
            if (await Task.WhenAny(open, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false) != open)
            {
                _ = open.ContinueWith(t => { if (t.Status == TaskStatus.RanToCompletion) t.Result.Dispose(); else _ = t.Exception; }, TaskScheduler.Default);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"the server opened no shell within {timeout.TotalSeconds:0.#} s");
            }
            var conversation = new ShellConversation(await open.ConfigureAwait(false), dialect);
            try
            {
                var remaining = timeout - clock.Elapsed;
                await conversation.ReadUntilPromptAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                return conversation;
            }
            catch
            {
                conversation.Dispose();
                throw;
            }
        }

        /// <summary>Runs one command line; on timeout or cancellation the shell is closed, since its state is unknown.</summary>
        public async Task<CommandResult> RunAsync(string commandLine, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (commandLine.IndexOfAny(new[] { '\r', '\n' }) >= 0) throw new ArgumentException("A command line cannot contain line breaks.", nameof(commandLine));
            await SendAsync(Encoding.UTF8.GetBytes(commandLine + "\n"), cancellationToken).ConfigureAwait(false);
            var reply = await ReadUntilPromptAsync(timeout, cancellationToken).ConfigureAwait(false);
            return ToResult(commandLine, reply, _dialect.Errors);
        }

        internal static CommandResult ToResult(string commandLine, string reply, ErrorRules errors)
        {
            var lines = new List<string>(TerminalText.Render(reply).Split('\n'));
            // The terminal echoes what was typed.
            if (lines.Count > 0 && lines[0].Trim() == commandLine.Trim()) lines.RemoveAt(0);
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            var output = new StringBuilder();
            var failures = new StringBuilder();
            foreach (var line in lines)
            {
                if (errors.IsErrorLine(line)) failures.Append(line).Append('\n');
                else output.Append(line).Append('\n');
            }
            var stdout = output.ToString();
            if (stdout.Trim().Length == 0) stdout = string.Empty;
            return new CommandResult(failures.Length > 0 ? 1 : 0, stdout, failures.ToString());
        }

        private async Task<string> ReadUntilPromptAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var expiry = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, cancellationToken);
            // A blocked read ends only when the stream closes: closing is how a timeout or Ctrl+C interrupts it.
            // Closing waits for the server's answer, so it runs in the background and nobody waits for the read.
            using var interrupt = linked.Token.Register(BreakInBackground);
            var stopped = Task.Delay(Timeout.Infinite, linked.Token);
            while (true)
            {
                var received = _received.ToString();
                var match = _dialect.Prompt.Match(received);
                if (match.Success)
                {
                    var reply = _received.ToString(0, match.Index);
                    _received.Remove(0, match.Index + match.Length);
                    return reply;
                }
                if (_dialect.Pager?.Match(received) is { Success: true } more)
                {
                    // The appliance waits for a key: its pager prompt is not part of the reply.
                    _received.Remove(more.Index, more.Length);
                    try
                    {
                        await SendAsync(_dialect.PagerKey, linked.Token).ConfigureAwait(false);
                    }
                    catch (Exception) when (linked.IsCancellationRequested)
                    {
                        Stopped(expiry, timeout, cancellationToken);
                    }
                    continue;
                }

                int count;
                try
                {
                    var read = Task.Run(() => _stream.Read(_buffer, 0, _buffer.Length));
                    if (await Task.WhenAny(read, stopped).ConfigureAwait(false) != read)
                    {
                        _ = read.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        Stopped(expiry, timeout, cancellationToken);
                    }
                    count = await read.ConfigureAwait(false);
                }
                catch (Exception) when (linked.IsCancellationRequested)
                {
                    count = 0;
                }
                if (count == 0)
                {
                    if (linked.IsCancellationRequested) Stopped(expiry, timeout, cancellationToken);
                    Break();
                    throw new EndOfStreamException("the appliance closed the shell");
                }
                var chars = new char[_decoder.GetCharCount(_buffer, 0, count)];
                _decoder.GetChars(_buffer, 0, count, chars, 0);
                _received.Append(chars);
            }
        }

        /// <summary>Ends a wait that was cancelled or timed out; the last output helps to fix a prompt or pager pattern.</summary>
        private void Stopped(CancellationTokenSource expiry, TimeSpan timeout, CancellationToken cancellationToken)
        {
            BreakInBackground();
            cancellationToken.ThrowIfCancellationRequested();
            if (expiry.IsCancellationRequested)
            {
                var lines = TerminalText.Render(_received.ToString()).TrimEnd().Split('\n');
                var last = lines[lines.Length - 1];
                throw new TimeoutException($"the prompt did not return within {timeout.TotalSeconds:0.#} s"
                    + (last.Length > 0 ? $"; the last output was '{(last.Length > 60 ? last.Substring(last.Length - 60) : last)}'" : string.Empty));
            }
            throw new OperationCanceledException();
        }

        private async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
        {
            await _stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
            _stream.Flush();
        }

        /// <summary>Closing a channel waits for the server's answer, which a dead server never gives: nobody waits for it.</summary>
        private void BreakInBackground() => ThreadPool.QueueUserWorkItem(_ => Break());

        private void Break()
        {
            if (Interlocked.Exchange(ref _broken, 1) == 0)
            {
                try { _stream.Dispose(); } catch (Exception) { /* already closed */ }
            }
        }

        public void Dispose() => BreakInBackground();

    }
}
