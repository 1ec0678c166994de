using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Profiles;
using EmailGateway.Protocol;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// An appliance reached over SSH. One connection is opened on first use, reused by every call, and
    /// re-opened when it drops; at most <see cref="SshConnectionSettings.MaxChannels"/> commands run on it at
    /// once. Commands go over exec requests, or over interactive shells when the device profile says
    /// <c>channel: shell</c>. Uploads go over SFTP on a second connection with the same credentials.
    /// Every command has a timeout and honours cancellation; disposing ends everything in flight.
    /// </summary>
    public sealed class SshTransport : IGatewayTransport
    {
        private readonly SshConnector _connector;
        private readonly SshConnectionSettings _settings;
        private readonly bool _useShell;
        private readonly ShellDialect? _shellDialect;
        private readonly SemaphoreSlim _channels;
        private readonly SemaphoreSlim _connectGate = new SemaphoreSlim(1, 1);
        private readonly SemaphoreSlim _sftpGate = new SemaphoreSlim(1, 1);
        private readonly ConcurrentBag<ShellConversation> _idleShells = new ConcurrentBag<ShellConversation>();
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private SshClient? _client;
        private SftpClient? _sftp;
        private int _disposed;

        public SshTransport(SshConnectionSettings settings, DeviceProfile? profile = null, IOperationLog? log = null)
        {
            _settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Clone();
            Log = log;
            _connector = new SshConnector(_settings, () => _log);
            var deviceProfile = profile ?? DeviceProfile.Default;
            _useShell = deviceProfile.IsShellChannel;
            if (_useShell) _shellDialect = ShellDialect.Of(deviceProfile);
            _channels = new SemaphoreSlim(_settings.MaxChannels, _settings.MaxChannels);
        }

        /// <summary>Where connection events (reconnects, retries, recorded host keys) are reported; the caller of the moment may set it.</summary>
        public IOperationLog? Log { get; set; }

        private IOperationLog _log => Log ?? NullOperationLog.Instance;

        public string ComputerName => _settings.DisplayName;
        public string Kind => "Ssh";
        public IGatewayClock Clock => SystemClock.Instance;

        /// <summary>host:port, for views and messages.</summary>
        public string Endpoint => _connector.Endpoint;

        public string UserName => _settings.UserName;
        public string Channel => _useShell ? "shell" : "exec";

        /// <summary>The shell channel's compiled prompt, pager and error rules (null for exec); one per profile, shared.</summary>
        internal ShellDialect? Dialect => _shellDialect;
        public bool IsConnected => _client?.IsConnected == true;
        public TimeSpan CommandTimeout => _settings.CommandTimeout;

        /// <summary>Opens the connection now (host key and credentials checked) instead of on first use.</summary>
        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            using var linked = Link(cancellationToken);
            await GetClientAsync(linked.Token).ConfigureAwait(false);
        }

        public async Task<CommandResult> ExecuteAsync(string commandLine, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(commandLine)) throw new ArgumentException("The command line is empty.", nameof(commandLine));
            using var linked = Link(cancellationToken);
            var token = linked.Token;
            await _channels.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var client = await GetClientAsync(token).ConfigureAwait(false);
                return _useShell
                    ? await RunInShellAsync(client, commandLine, token).ConfigureAwait(false)
                    : await RunExecAsync(client, commandLine, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_disposed != 0 && !cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(SshTransport), $"The session to {ComputerName} was removed while '{commandLine}' ran.");
            }
            finally
            {
                _channels.Release();
            }
        }

        public async Task UploadAsync(Stream content, string remotePath, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            WireValue.RemotePath(remotePath);
            using var linked = Link(cancellationToken);
            var token = linked.Token;
            var sftp = await GetSftpAsync(token).ConfigureAwait(false);
            using var watchdog = new UploadWatchdog(_settings.CommandTimeout, progress);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(token, watchdog.Token);
            try
            {
                var upload = sftp.UploadFileAsync(content, remotePath, true, watchdog, bounded.Token);
                var stopped = Task.Delay(System.Threading.Timeout.Infinite, bounded.Token);
                if (await Task.WhenAny(upload, stopped).ConfigureAwait(false) != upload)
                {
                    _ = upload.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    DropSftp(sftp);
                    token.ThrowIfCancellationRequested();
                    throw Unanswered("upload " + remotePath);
                }
                await upload.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SshOperationTimeoutException || ex is OperationCanceledException && watchdog.Expired && !token.IsCancellationRequested)
            {
                DropSftp(sftp);
                throw Unanswered("upload " + remotePath);
            }
            catch (SftpPermissionDeniedException ex)
            {
                throw new GatewayCommandException(ComputerName, "upload " + remotePath, "permission-denied", ex.Message, ex);
            }
            catch (SftpPathNotFoundException ex)
            {
                throw new GatewayCommandException(ComputerName, "upload " + remotePath, ErrorCodes.NotFound, $"the remote folder of '{remotePath}' does not exist", ex);
            }
            catch (Exception ex) when (ex is SshConnectionException || ex is ObjectDisposedException && _disposed == 0)
            {
                DropSftp(sftp);
                throw new SshUnreachableException(ComputerName, Endpoint, $"the upload to {remotePath} was interrupted: {ex.Message}", ex);
            }
            progress?.Report(content.CanSeek ? content.Length : 0);
        }

        private async Task<CommandResult> RunExecAsync(SshClient client, string commandLine, CancellationToken token)
        {
            // SSH.NET cancels a command synchronously and waits for the server each time, so the token is not
            // handed to it: a cancelled or timed-out command is stopped off the caller's path.
            ExecEnd end;
            ExecChannel exec;
            try
            {
                (end, exec) = await ExecChannel.RunAsync(client, commandLine, _settings.CommandTimeout, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                DropClient(client);
                throw new SshUnreachableException(ComputerName, Endpoint, $"the connection dropped: {ex.Message}", ex);
            }
            switch (end)
            {
                case ExecEnd.Cancelled:
                    token.ThrowIfCancellationRequested();
                    throw new OperationCanceledException(token);
                case ExecEnd.TimedOut:
                    throw Timeout(commandLine);
                case ExecEnd.Unanswered:
                    DropClient(client);
                    throw Unanswered(commandLine);
            }
            using var command = exec.Command;
            if (command.ExitStatus is int status) return new CommandResult(status, command.Result, command.Error);
            var signal = command.ExitSignal ?? "unknown";
            return new CommandResult(128, command.Result, ApplianceError.Format("killed", $"the command ended on signal {signal} without an exit status") + "\n" + command.Error);
        }

        private static bool IsConnectionFailure(Exception ex) =>
            ex is SshConnectionException || ex is SshException || ex is ObjectDisposedException || ex is IOException || ex is System.Net.Sockets.SocketException;

        /// <summary>
        /// Runs a command in an idle shell, or a new one, all within one command timeout. A shell that times
        /// out is in an unknown state, and its server may be dead: the shell and the connection are dropped.
        /// </summary>
        private async Task<CommandResult> RunInShellAsync(SshClient client, string commandLine, CancellationToken token)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (!_idleShells.TryTake(out var shell) || !shell.IsUsable)
            {
                shell?.Dispose();
                try
                {
                    shell = await ShellConversation.OpenAsync(client, _shellDialect!, _settings.CommandTimeout, token).ConfigureAwait(false);
                }
                catch (TimeoutException ex)
                {
                    DropClient(client);
                    throw new GatewayCommandException(ComputerName, "open shell", ErrorCodes.Timeout,
                        $"the appliance's prompt did not appear ({ex.Message}); check the device profile's prompt pattern. The connection was dropped and is reopened on next use");
                }
                catch (Exception ex) when (ex is SshConnectionException || ex is SshException || ex is EndOfStreamException || ex is ObjectDisposedException)
                {
                    DropClient(client);
                    throw new SshUnreachableException(ComputerName, Endpoint, $"no shell could be opened: {ex.Message}", ex);
                }
            }
            try
            {
                var remaining = _settings.CommandTimeout - clock.Elapsed;
                var result = await shell.RunAsync(commandLine, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1), token).ConfigureAwait(false);
                _idleShells.Add(shell);
                return result;
            }
            catch (TimeoutException ex)
            {
                shell.Dispose();
                DropClient(client);
                throw Unanswered(commandLine, ex.Message);
            }
            catch (Exception ex) when (ex is EndOfStreamException || ex is SshConnectionException || ex is ObjectDisposedException && !token.IsCancellationRequested)
            {
                shell.Dispose();
                throw new SshUnreachableException(ComputerName, Endpoint, $"the shell closed while '{commandLine}' ran: {ex.Message}", ex);
            }
            catch
            {
                shell.Dispose();
                throw;
            }
        }

        private GatewayCommandException Timeout(string commandLine, string? detail = null) =>
            new GatewayCommandException(ComputerName, commandLine, ErrorCodes.Timeout,
                $"no reply within the command timeout of {_settings.CommandTimeout.TotalSeconds:0.#} s; the command was cancelled"
                + (detail is null ? string.Empty : $" ({detail})"));

        /// <summary>The server did not answer at all: the connection is dropped and reopened on next use.</summary>
        private GatewayCommandException Unanswered(string what, string? detail = null) =>
            new GatewayCommandException(ComputerName, what, ErrorCodes.Timeout,
                $"no reply from {Endpoint} within the command timeout of {_settings.CommandTimeout.TotalSeconds:0.#} s"
                + (detail is null ? string.Empty : $" ({detail})") + "; the connection was dropped and is reopened on next use");

        private async Task<SshClient> GetClientAsync(CancellationToken token)
        {
            ThrowIfDisposed();
            var current = _client;
            if (current != null && current.IsConnected) return current;
            await _connectGate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                ThrowIfDisposed();
                current = _client;
                if (current != null && current.IsConnected) return current;
                if (current != null)
                {
                    _log.Verbose($"{ComputerName}: the connection dropped; reconnecting");
                    DropClient(current);
                }
                var fresh = await _connector.ConnectShellClientAsync(token).ConfigureAwait(false);
                fresh.ErrorOccurred += (_, e) => _log.Debug($"{ComputerName}: connection error: {e.Exception.Message}");
                _client = fresh;
                if (_disposed != 0) DropClient(fresh);
                return fresh;
            }
            finally
            {
                _connectGate.Release();
            }
        }

        private async Task<SftpClient> GetSftpAsync(CancellationToken token)
        {
            ThrowIfDisposed();
            await _sftpGate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var current = _sftp;
                if (current != null && current.IsConnected) return current;
                if (current != null) DropSftp(current);
                _sftp = await _connector.ConnectSftpClientAsync(token).ConfigureAwait(false);
                if (_disposed != 0) DropSftp(_sftp);
                return _sftp;
            }
            finally
            {
                _sftpGate.Release();
            }
        }

        /// <summary>Forgets the connection at once and closes it in the background: closing waits for a server that may be dead.</summary>
        private void DropClient(SshClient client)
        {
            Interlocked.CompareExchange(ref _client, null, client);
            while (_idleShells.TryTake(out var shell)) shell.Dispose();
            CloseInBackground(client);
        }

        private void DropSftp(SftpClient sftp)
        {
            Interlocked.CompareExchange(ref _sftp, null, sftp);
            CloseInBackground(sftp);
        }

        private static void CloseInBackground(BaseClient client) =>
            ThreadPool.QueueUserWorkItem(_ =>
            {
                try { client.Dispose(); } catch (Exception) { /* closing a broken connection */ }
            });

        private CancellationTokenSource Link(CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            return CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        }

        private void ThrowIfDisposed()
        {
            if (_disposed != 0) throw new ObjectDisposedException(nameof(SshTransport), $"The session to {ComputerName} has been removed.");
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _lifetime.Cancel();
            if (_client != null) DropClient(_client);
            if (_sftp != null) DropSftp(_sftp);
            _connector.Dispose();
        }

        public override string ToString() => $"{ComputerName} ({_settings.UserName}@{Endpoint}, {Channel})";
    }
}
