using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// Opens authenticated SSH.NET clients for one appliance: host key verified before authentication,
    /// the algorithm policy applied, handshakes paced, resets retried, and every SSH.NET failure turned
    /// into this module's exceptions. Holds the decrypted key, never the passphrase.
    /// </summary>
    internal sealed class SshConnector : IDisposable
    {
        private readonly SshConnectionSettings _settings;
        private readonly HostKeyPolicy _hostKeys;
        private readonly Func<IOperationLog> _logSource;
        private readonly PrivateKeyFile? _key;
        private readonly ClientKeyCache.Lease? _keyLease;
        private IReadOnlyList<string> _offeredKeyTypes = new string[0];

        public SshConnector(SshConnectionSettings settings, Func<IOperationLog>? log = null)
        {
            settings.Validate();
            _settings = settings;
            _hostKeys = new HostKeyPolicy(settings);
            _logSource = log ?? (() => NullOperationLog.Instance);
            if (settings.KeyFilePath is { } path)
            {
                if (settings.KeyCache is { } cache)
                {
                    _keyLease = cache.Acquire(path, () => LoadKey(path, settings.KeyPassphrase));
                    _key = _keyLease.Key;
                }
                else _key = LoadKey(path, settings.KeyPassphrase);
            }
        }

        public SshConnectionSettings Settings => _settings;
        private IOperationLog _log => _logSource();
        public string Endpoint => $"{_settings.Host}:{_settings.Port}";

        public Task<SshClient> ConnectShellClientAsync(CancellationToken cancellationToken) =>
            ConnectAsync(info => new SshClient(info), cancellationToken);

        public Task<SftpClient> ConnectSftpClientAsync(CancellationToken cancellationToken) =>
            ConnectAsync(info => new SftpClient(info) { OperationTimeout = _settings.CommandTimeout }, cancellationToken);

        private async Task<T> ConnectAsync<T>(Func<ConnectionInfo, T> create, CancellationToken cancellationToken) where T : BaseClient
        {
            try
            {
                return await ConnectPacedAsync(create, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ChangedHostKeyException mismatch) when (_hostKeys.IsPinned)
            {
                return await ProbePinAsync(create, mismatch, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// A pin names one key, not its type, and the server presented another of its keys: asks for each
        /// other key type in turn, and connects if one of them is the pinned key.
        /// </summary>
        private async Task<T> ProbePinAsync<T>(Func<ConnectionInfo, T> create, ChangedHostKeyException first, CancellationToken cancellationToken) where T : BaseClient
        {
            var tried = new HashSet<string>(StringComparer.Ordinal) { first.KeyType };
            foreach (var keyType in _offeredKeyTypes.Where(tried.Add).ToList())
            {
                try
                {
                    return await ConnectPacedAsync(create, keyType, cancellationToken).ConfigureAwait(false);
                }
                catch (ChangedHostKeyException other)
                {
                    tried.Add(other.KeyType);
                }
                catch (SshAlgorithmNegotiationException)
                {
                    // The server has no key of this type.
                }
            }
            throw first;
        }

        private async Task<T> ConnectPacedAsync<T>(Func<ConnectionInfo, T> create, string? onlyKeyType, CancellationToken cancellationToken) where T : BaseClient
        {
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var queued = Stopwatch.StartNew();
                    using (await ConnectPacer.EnterAsync(Endpoint, cancellationToken).ConfigureAwait(false))
                        return await ConnectOnceAsync(create, onlyKeyType, queued.Elapsed, cancellationToken).ConfigureAwait(false);
                }
                catch (SshUnreachableException ex) when (ex.InnerException != null && IsReset(ex.InnerException) && attempt < _settings.ConnectAttempts)
                {
                    var delay = ConnectPacer.Backoff(attempt);
                    _log.Verbose($"{_settings.DisplayName}: the server reset the connection during set-up (attempt {attempt} of {_settings.ConnectAttempts}); retrying in {delay.TotalMilliseconds:F0} ms");
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<T> ConnectOnceAsync<T>(Func<ConnectionInfo, T> create, string? onlyKeyType, TimeSpan queued, CancellationToken cancellationToken) where T : BaseClient
        {
            byte[]? password = _settings.Password != null ? SecretText.ToUtf8Bytes(_settings.Password) : null;
            var methods = new List<AuthenticationMethod>();
            if (_key != null) methods.Add(new PrivateKeyAuthenticationMethod(_settings.UserName, OfferedClientKey.For(_key, _settings.AllowLegacyAlgorithms)));
            if (password != null)
            {
                methods.Add(new PasswordAuthenticationMethod(_settings.UserName, password));
                var interactive = new KeyboardInteractiveAuthenticationMethod(_settings.UserName);
                interactive.AuthenticationPrompt += AnswerPasswordPrompts;
                methods.Add(interactive);
            }

            var info = new ConnectionInfo(_settings.Host, _settings.Port, _settings.UserName, methods.ToArray())
            {
                Timeout = _settings.ConnectTimeout,
                MaxSessions = _settings.MaxChannels,
                RetryAttempts = 2,
            };
            var recorded = _hostKeys.Lookup(); // known_hosts, read once for this connection
            SshAlgorithms.Apply(info, _settings.AllowLegacyAlgorithms, _hostKeys.RecordedKeyTypes(recorded));
            _offeredKeyTypes = info.HostKeyAlgorithms.Keys.Select(SshAlgorithms.KeyTypeOf).Distinct().ToList();
            if (onlyKeyType != null)
                foreach (var algorithm in info.HostKeyAlgorithms.Keys.Where(a => SshAlgorithms.KeyTypeOf(a) != onlyKeyType).ToList())
                    info.HostKeyAlgorithms.Remove(algorithm);

            var client = create(info);
            HostKeyCheck? check = null;
            var clock = Stopwatch.StartNew();
            TimeSpan identified = default, keysExchanged = default;
            client.ServerIdentificationReceived += (_, _) => identified = clock.Elapsed;
            client.HostKeyReceived += (_, e) =>
            {
                keysExchanged = clock.Elapsed;
                try
                {
                    check = _hostKeys.Evaluate(e.HostKey, recorded);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException)
                {
                    check = null;
                    _log.Warning($"{_settings.DisplayName}: the host key could not be checked: {ex.Message}");
                }
                e.CanTrust = check?.Verdict == HostKeyVerdict.Trusted;
            };
            client.KeepAliveInterval = _settings.KeepAliveInterval;

            using var timeout = new CancellationTokenSource(_settings.ConnectTimeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await client.ConnectAsync(linked.Token).ConfigureAwait(false);
                var connected = clock.Elapsed;
                if (_hostKeys.RecordedNewKey)
                    _log.Warning($"{_settings.DisplayName}: recorded the new {check!.KeyType} host key {check.Fingerprint} in {_hostKeys.RecordPath}");
                _log.Verbose($"{_settings.DisplayName}: connected to {Endpoint} as {_settings.UserName} ({info.CurrentKeyExchangeAlgorithm}, {info.CurrentHostKeyAlgorithm}, {info.CurrentServerEncryption}) " +
                    $"in {Ms(connected)} ms: waited {Ms(queued)} ms for a handshake slot, TCP and version {Ms(identified)} ms, " +
                    $"key exchange {Ms(keysExchanged - identified)} ms, authentication {Ms(connected - keysExchanged)} ms");
                return client;
            }
            catch (Exception ex)
            {
                client.Dispose();
                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
                if (check != null && check.Verdict != HostKeyVerdict.Trusted) throw _hostKeys.ToException(check);
                throw Translate(ex, timeout.IsCancellationRequested);
            }
            finally
            {
                if (password != null) Array.Clear(password, 0, password.Length);
                foreach (var method in methods) (method as IDisposable)?.Dispose();
            }
        }

        private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

        private void AnswerPasswordPrompts(object? sender, AuthenticationPromptEventArgs e)
        {
            foreach (var prompt in e.Prompts)
                if (prompt.Request.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0 && _settings.Password != null)
                    prompt.Response = SecretText.ToUnsecureString(_settings.Password);
        }

        private Exception Translate(Exception ex, bool timedOut)
        {
            var name = _settings.DisplayName;
            switch (ex)
            {
                case SshAuthenticationException:
                    return new SshAuthenticationFailedException(name, Endpoint, _settings.UserName, AuthenticationMethods());
                case SocketException socket when socket.SocketErrorCode == SocketError.ConnectionRefused:
                    return new SshUnreachableException(name, Endpoint, $"the connection to {Endpoint} was refused (no SSH server listens there)", ex);
                case SocketException socket when socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.NoData || socket.SocketErrorCode == SocketError.TryAgain:
                    return new SshUnreachableException(name, Endpoint, $"the name '{_settings.Host}' could not be resolved", ex);
                case SocketException socket when socket.SocketErrorCode == SocketError.TimedOut:
                    return new SshUnreachableException(name, Endpoint, $"{Endpoint} did not answer within {_settings.ConnectTimeout.TotalSeconds:0.#} s", ex);
                case SocketException socket:
                    return new SshUnreachableException(name, Endpoint, $"{Endpoint}: {socket.SocketErrorCode}: {socket.Message}", ex);
                case SshOperationTimeoutException:
                case OperationCanceledException when timedOut:
                    return new SshUnreachableException(name, Endpoint, $"{Endpoint} did not complete the SSH handshake within {_settings.ConnectTimeout.TotalSeconds:0.#} s", ex);
                case SshConnectionException connection when SshAlgorithms.IsNegotiationFailure(connection.Message):
                    return new SshAlgorithmNegotiationException(name, Endpoint, _settings.AllowLegacyAlgorithms, connection.Message);
                case SshConnectionException connection:
                    return new SshUnreachableException(name, Endpoint, $"the SSH connection to {Endpoint} failed: {connection.Message}", ex);
                case SshException ssh when SshAlgorithms.IsNegotiationFailure(ssh.Message):
                    return new SshAlgorithmNegotiationException(name, Endpoint, _settings.AllowLegacyAlgorithms, ssh.Message);
                case ProxyException:
                case SshException:
                    return new SshUnreachableException(name, Endpoint, $"the SSH connection to {Endpoint} failed: {ex.Message}", ex);
                default:
                    return ex;
            }
        }

        private string AuthenticationMethods()
        {
            var methods = _key != null && _settings.Password != null ? "key and password authentication" : _key != null ? "key authentication" : "password authentication";
            return _key != null && OfferedClientKey.For(_key, _settings.AllowLegacyAlgorithms) != _key
                ? methods + $" (the RSA key signed with {OfferedClientKey.PreferredRsaAlgorithm}; an appliance that takes only ssh-rsa SHA-1 signatures needs -AllowLegacyAlgorithms)"
                : methods;
        }

        /// <summary>A reset or abort during set-up: what sshd does when MaxStartups throttles.</summary>
        private static bool IsReset(Exception ex) =>
            ex is SocketException socket && (socket.SocketErrorCode == SocketError.ConnectionReset || socket.SocketErrorCode == SocketError.ConnectionAborted)
            || ex is SshConnectionException connection && (connection.Message.IndexOf("aborted", StringComparison.OrdinalIgnoreCase) >= 0
                || connection.Message.IndexOf("identification", StringComparison.OrdinalIgnoreCase) >= 0
                || connection.Message.IndexOf("reset", StringComparison.OrdinalIgnoreCase) >= 0)
            || ex.InnerException != null && IsReset(ex.InnerException);

        private PrivateKeyFile LoadKey(string path, System.Security.SecureString? passphrase)
        {
            if (!File.Exists(path)) throw new SshKeyFileException(_settings.DisplayName, path, "the file does not exist.");
            string? secret = passphrase != null ? SecretText.ToUnsecureString(passphrase) : null;
            try
            {
                return secret != null ? new PrivateKeyFile(path, secret) : new PrivateKeyFile(path);
            }
            catch (SshPassPhraseNullOrEmptyException)
            {
                throw new SshKeyFileException(_settings.DisplayName, path, "the key is encrypted; give its passphrase (-KeyPassphrase).");
            }
            catch (SshException ex) when (ex.Message.IndexOf("passphrase", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw new SshKeyFileException(_settings.DisplayName, path, "the passphrase does not decrypt the key.");
            }
            catch (Exception ex) when (ex is SshException || ex is InvalidOperationException || ex is FormatException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.Cryptography.CryptographicException)
            {
                // A wrong passphrase can also surface as a garbled key; the library's text is kept out on purpose.
                throw new SshKeyFileException(_settings.DisplayName, path, secret != null
                    ? "it is not a supported private key, or the passphrase is wrong."
                    : "it is not a supported private key (OpenSSH, PEM or PuTTY format).");
            }
            catch (IOException ex)
            {
                throw new SshKeyFileException(_settings.DisplayName, path, ex.Message);
            }
            catch (UnauthorizedAccessException)
            {
                throw new SshKeyFileException(_settings.DisplayName, path, "access to the file is denied.");
            }
        }

        public void Dispose()
        {
            if (_keyLease != null) _keyLease.Dispose();
            else _key?.Dispose();
        }
    }
}
