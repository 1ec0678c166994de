using EmailGateway.Transport.Ssh;
using Xunit;

namespace EmailGateway.Tests.Core.Ssh;

/// <summary>Handshakes are paced per server (host and port), below sshd's default MaxStartups start value of 10.</summary>
public sealed class ConnectPacerTests
{
    [Fact]
    public async Task One_server_gets_at_most_the_limit_at_once_and_a_release_lets_the_next_in()
    {
        var endpoint = "pacer-one-" + Guid.NewGuid().ToString("N") + ":22";
        var held = await TakeEverySlotAsync(endpoint);

        var next = ConnectPacer.EnterAsync(endpoint, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(next.IsCompleted, "a handshake beyond the limit waits");

        held[0].Dispose();
        held[0].Dispose(); // releasing twice frees one slot only
        using (await next.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            var another = ConnectPacer.EnterAsync(endpoint, CancellationToken.None);
            await Task.Delay(100);
            Assert.False(another.IsCompleted);
            using var cancel = new CancellationTokenSource();
            var cancelled = ConnectPacer.EnterAsync(endpoint, cancel.Token);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            held[1].Dispose();
            (await another.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        }
        foreach (var slot in held) slot.Dispose();
    }

    [Fact]
    public async Task Other_servers_do_not_wait_for_a_busy_one()
    {
        var busy = "pacer-busy-" + Guid.NewGuid().ToString("N") + ":22";
        var held = await TakeEverySlotAsync(busy);

        // Same host, other port: another sshd.
        var otherPort = ConnectPacer.EnterAsync(busy.Replace(":22", ":2222"), CancellationToken.None);
        var otherHost = ConnectPacer.EnterAsync("other-" + busy, CancellationToken.None);
        (await otherPort.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await otherHost.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        foreach (var slot in held) slot.Dispose();
    }

    private static async Task<List<IDisposable>> TakeEverySlotAsync(string endpoint)
    {
        var held = new List<IDisposable>();
        for (var i = 0; i < ConnectPacer.DefaultConcurrentHandshakes; i++)
            held.Add(await ConnectPacer.EnterAsync(endpoint, CancellationToken.None));
        return held;
    }
}
