using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Protocol;
using Renci.SshNet;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// One interactive shell channel on an appliance CLI that refuses exec requests: send a line, read
    /// until the profile's prompt comes back. There is no exit status in a shell, so a reply holding the
    /// protocol's <c>error:</c> line is a failure (status 1) and that line is its stderr.
    /// </summary>
    internal sealed class ShellConversation : IDisposable
    {
        private static readonly Regex TerminalEscapes = new Regex(@"\x1B(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])", RegexOptions.CultureInvariant);

        private readonly ShellStream _stream;
        private readonly Regex _prompt;
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private readonly byte[] _buffer = new byte[16 * 1024];
        private readonly StringBuilder _received = new StringBuilder();
        private int _broken;

        private ShellConversation(ShellStream stream, Regex prompt)
        {
            _stream = stream;
            _prompt = prompt;
        }

        public bool IsUsable => _broken == 0 && _stream.CanRead;

        /// <summary>Opens a shell with a terminal and waits for the first prompt.</summary>
        public static async Task<ShellConversation> OpenAsync(SshClient client, Regex prompt, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var stream = client.CreateShellStream("dumb", 1000, 50, 0, 0, 64 * 1024);
            var conversation = new ShellConversation(stream, prompt);
            try
            {
                await conversation.ReadUntilPromptAsync(timeout, cancellationToken).ConfigureAwait(false);
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
            var line = Encoding.UTF8.GetBytes(commandLine + "\n");
            await _stream.WriteAsync(line, 0, line.Length, cancellationToken).ConfigureAwait(false);
            _stream.Flush();
            var reply = await ReadUntilPromptAsync(timeout, cancellationToken).ConfigureAwait(false);
            return ToResult(commandLine, reply);
        }

        internal static CommandResult ToResult(string commandLine, string reply)
        {
            var text = TerminalEscapes.Replace(reply, string.Empty).Replace("\r\n", "\n").Replace("\r", string.Empty);
            var lines = new List<string>(text.Split('\n'));
            // The terminal echoes what was typed.
            if (lines.Count > 0 && lines[0].Trim() == commandLine.Trim()) lines.RemoveAt(0);
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            var output = new StringBuilder();
            var errors = new StringBuilder();
            foreach (var line in lines)
            {
                if (line.StartsWith("error:", StringComparison.Ordinal)) errors.Append(line).Append('\n');
                else output.Append(line).Append('\n');
            }
            var stdout = output.ToString();
            if (stdout.Trim().Length == 0) stdout = string.Empty;
            return new CommandResult(errors.Length > 0 ? 1 : 0, stdout, errors.ToString());
        }

        private async Task<string> ReadUntilPromptAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var expiry = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, cancellationToken);
            // A blocked read ends only when the stream closes: closing is how a timeout or Ctrl+C interrupts it.
            using var interrupt = linked.Token.Register(Break);
            while (true)
            {
                var match = _prompt.Match(_received.ToString());
                if (match.Success)
                {
                    var reply = _received.ToString(0, match.Index);
                    _received.Remove(0, match.Index + match.Length);
                    return reply;
                }

                int count;
                try
                {
                    count = await Task.Run(() => _stream.Read(_buffer, 0, _buffer.Length)).ConfigureAwait(false);
                }
                catch (Exception) when (linked.IsCancellationRequested)
                {
                    count = 0;
                }
                if (count == 0)
                {
                    Break();
                    cancellationToken.ThrowIfCancellationRequested();
                    if (expiry.IsCancellationRequested) throw new TimeoutException($"the prompt did not return within {timeout.TotalSeconds:0.#} s");
                    throw new EndOfStreamException("the appliance closed the shell");
                }
                var chars = new char[_decoder.GetCharCount(_buffer, 0, count)];
                _decoder.GetChars(_buffer, 0, count, chars, 0);
                _received.Append(chars);
            }
        }

        private void Break()
        {
            if (Interlocked.Exchange(ref _broken, 1) == 0)
            {
                try { _stream.Dispose(); } catch (Exception) { /* already closed */ }
            }
        }

        public void Dispose() => Break();

        /// <summary>The profile's prompt, anchored to the end of what was received.</summary>
        public static Regex CompilePrompt(string pattern) =>
            new Regex("(?:" + pattern + @")\z", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    }
}
