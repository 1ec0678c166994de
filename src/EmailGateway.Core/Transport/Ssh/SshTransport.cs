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
        private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);

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
            if (_useShell) _shellDialect = new ShellDialect(deviceProfile);
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
            var reporter = progress is null ? null : new Progress<UploadFileProgressReport>(r => progress.Report((long)r.TotalBytesUploaded));
            try
            {
                await sftp.UploadFileAsync(content, remotePath, true, reporter, token).ConfigureAwait(false);
            }
            catch (SftpPermissionDeniedException ex)
            {
                throw new GatewayCommandException(ComputerName, "upload " + remotePath, "permission-denied", ex.Message, ex);
            }
            catch (SftpPathNotFoundException ex)
            {
                throw new GatewayCommandException(ComputerName, "upload " + remotePath, ErrorCodes.NotFound, $"the remote folder of '{remotePath}' does not exist", ex);
            }
            catch (Exception ex) when (ex is SshConnectionException || ex is SshOperationTimeoutException || ex is ObjectDisposedException && _disposed == 0)
            {
                DropSftp(sftp);
                throw new SshUnreachableException(ComputerName, Endpoint, $"the upload to {remotePath} was interrupted: {ex.Message}", ex);
            }
            progress?.Report(content.CanSeek ? content.Length : 0);
        }

        private async Task<CommandResult> RunExecAsync(SshClient client, string commandLine, CancellationToken token)
        {
            SshCommand command;
            try
            {
                command = client.CreateCommand(commandLine);
            }
            catch (Exception ex) when (ex is SshConnectionException || ex is ObjectDisposedException)
            {
                DropClient(client);
                throw new SshUnreachableException(ComputerName, Endpoint, $"the connection dropped: {ex.Message}", ex);
            }
            // SSH.NET cancels a command synchronously inside the token's callback and waits up to half a second
            // for the server each time; with many commands on one token those waits would run one after another.
            // So the token is not handed to SSH.NET: on cancellation the command is cancelled and closed off the
            // caller's path, and the caller gets its OperationCanceledException at once.
            command.CommandTimeout = _settings.CommandTimeout; // SSH.NET waits forever by default
            var execution = command.ExecuteAsync(CancellationToken.None);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task finished;
            using (token.Register(() => cancelled.TrySetResult(true)))
            {
                // Safety net: if the server ignores the signal and never closes the channel, drop the connection.
                finished = await Task.WhenAny(execution, cancelled.Task, Task.Delay(_settings.CommandTimeout + CancelGrace)).ConfigureAwait(false);
            }
            if (finished != execution)
            {
                AbandonInBackground(command, execution, dropConnection: finished != cancelled.Task ? client : null);
                token.ThrowIfCancellationRequested();
                throw Timeout(commandLine);
            }
            using (command)
            {
                try
                {
                    await execution.ConfigureAwait(false);
                }
                catch (SshOperationTimeoutException)
                {
                    throw Timeout(commandLine);
                }
                catch (Exception ex) when (ex is SshConnectionException || ex is SshException || ex is ObjectDisposedException || ex is IOException || ex is System.Net.Sockets.SocketException)
                {
                    DropClient(client);
                    throw new SshUnreachableException(ComputerName, Endpoint, $"the connection dropped while '{commandLine}' ran: {ex.Message}", ex);
                }
                if (command.ExitStatus is int status) return new CommandResult(status, command.Result, command.Error);
                var signal = command.ExitSignal ?? "unknown";
                return new CommandResult(128, command.Result, ApplianceError.Format("killed", $"the command ended on signal {signal} without an exit status") + "\n" + command.Error);
            }
        }

        /// <summary>Signals the remote command and closes its channel without making anyone wait for it.</summary>
        private void AbandonInBackground(SshCommand command, Task execution, SshClient? dropConnection)
        {
            ObserveLater(execution);
            Task.Run(() =>
            {
                try { command.CancelAsync(forceKill: false, millisecondsTimeout: 500); }
                catch (Exception) { /* the channel may already be gone */ }
                finally
                {
                    // Closing the channel closes the remote process's input, so it ends even if it ignored the signal.
                    try { command.Dispose(); } catch (Exception) { /* already closed */ }
                    if (dropConnection != null) DropClient(dropConnection);
                }
            });
        }

        private async Task<CommandResult> RunInShellAsync(SshClient client, string commandLine, CancellationToken token)
        {
            if (!_idleShells.TryTake(out var shell) || !shell.IsUsable)
            {
                shell?.Dispose();
                try
                {
                    shell = await ShellConversation.OpenAsync(client, _shellDialect!, _settings.CommandTimeout, token).ConfigureAwait(false);
                }
                catch (TimeoutException ex)
                {
                    throw new GatewayCommandException(ComputerName, "open shell", ErrorCodes.Timeout, $"the appliance's prompt did not appear ({ex.Message}); check the device profile's prompt pattern");
                }
                catch (Exception ex) when (ex is SshConnectionException || ex is SshException || ex is EndOfStreamException || ex is ObjectDisposedException)
                {
                    DropClient(client);
                    throw new SshUnreachableException(ComputerName, Endpoint, $"no shell could be opened: {ex.Message}", ex);
                }
            }
            try
            {
                var result = await shell.RunAsync(commandLine, _settings.CommandTimeout, token).ConfigureAwait(false);
                _idleShells.Add(shell);
                return result;
            }
            catch (TimeoutException ex)
            {
                shell.Dispose();
                throw Timeout(commandLine, ex.Message);
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

        private void DropClient(SshClient client)
        {
            Interlocked.CompareExchange(ref _client, null, client);
            while (_idleShells.TryTake(out var shell)) shell.Dispose();
            try { client.Dispose(); } catch (Exception) { /* closing a broken connection */ }
        }

        private void DropSftp(SftpClient sftp)
        {
            Interlocked.CompareExchange(ref _sftp, null, sftp);
            try { sftp.Dispose(); } catch (Exception) { /* closing a broken connection */ }
        }

        private CancellationTokenSource Link(CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            return CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        }

        private void ThrowIfDisposed()
        {
            if (_disposed != 0) throw new ObjectDisposedException(nameof(SshTransport), $"The session to {ComputerName} has been removed.");
        }

        private static void ObserveLater(Task task) => task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);

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
