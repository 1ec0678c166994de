using Xunit;
using EmailGateway.Protocol;
using EmailGateway.Transport;

namespace EmailGateway.Tests.Core.Support;

/// <summary>
/// Records every command line and upload it is given and answers with canned results.
/// Unknown commands get the protocol's own unknown-command error, so a wrong command text shows up as a failure.
/// </summary>
internal sealed class FakeTransport : IGatewayTransport
{
    private readonly object _gate = new();
    private readonly List<string> _commands = new();
    private readonly Dictionary<string, Queue<CommandResult>> _scripted = new(StringComparer.Ordinal);
    private readonly List<(string Path, byte[] Content)> _uploads = new();

    public FakeTransport(string computerName = "meg1", FakeClock? clock = null)
    {
        ComputerName = computerName;
        FakeClock = clock ?? new FakeClock();
    }

    public string ComputerName { get; }
    public string Kind => "Fake";
    public FakeClock FakeClock { get; }
    public IGatewayClock Clock => FakeClock;
    public int DisposeCount { get; private set; }

    /// <summary>Answer for any command not scripted; null means unknown-command.</summary>
    public Func<string, CommandResult>? Fallback { get; set; }

    public IReadOnlyList<string> Commands { get { lock (_gate) return _commands.ToList(); } }
    public IReadOnlyList<(string Path, byte[] Content)> Uploads { get { lock (_gate) return _uploads.ToList(); } }

    /// <summary>Queues replies for one command line; the last reply repeats once the queue is down to it.</summary>
    public FakeTransport Reply(string commandLine, params CommandResult[] results)
    {
        lock (_gate)
        {
            if (!_scripted.TryGetValue(commandLine, out var queue)) _scripted[commandLine] = queue = new Queue<CommandResult>();
            foreach (var result in results) queue.Enqueue(result);
        }
        return this;
    }

    public Task<CommandResult> ExecuteAsync(string commandLine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _commands.Add(commandLine);
            if (_scripted.TryGetValue(commandLine, out var queue) && queue.Count > 0)
                return Task.FromResult(queue.Count > 1 ? queue.Dequeue() : queue.Peek());
        }
        return Task.FromResult(Fallback?.Invoke(commandLine)
            ?? CommandResult.Fail(ErrorCodes.UnknownCommand, $"'{commandLine}' is not a command"));
    }

    public async Task UploadAsync(Stream content, string remotePath, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        progress?.Report(copy.Length);
        lock (_gate) _uploads.Add((remotePath, copy.ToArray()));
    }

    public void Dispose() => DisposeCount++;
}
