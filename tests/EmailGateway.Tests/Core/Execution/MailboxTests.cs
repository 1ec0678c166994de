using Xunit;
using EmailGateway.Execution;

namespace EmailGateway.Tests.Core.Execution;

public class MailboxTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Actions_posted_from_other_threads_run_on_the_serving_thread_in_the_order_posted()
    {
        var mailbox = new Mailbox();
        var ran = new List<(int Value, int Thread)>();

        var served = await Task.Run(async () =>
        {
            var poster = Task.Run(() => { for (var i = 0; i < 100; i++) { var value = i; mailbox.Post(() => ran.Add((value, Environment.CurrentManagedThreadId))); } });
            for (var i = 0; i < 100; i++) mailbox.RunNext();
            await poster;
            return Environment.CurrentManagedThreadId;
        }).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 100), ran.Select(r => r.Value));
        Assert.All(ran, r => Assert.Equal(served, r.Thread));
    }

    [Fact]
    public void RunPending_runs_what_is_waiting_and_does_not_wait_for_more()
    {
        var mailbox = new Mailbox();
        var ran = 0;
        mailbox.Post(() => ran++);
        mailbox.Post(() => ran++);

        mailbox.RunPending();
        mailbox.RunPending();

        Assert.Equal(2, ran);
    }

    [Fact]
    public void An_action_that_throws_throws_on_the_serving_thread_and_leaves_the_rest_queued()
    {
        var mailbox = new Mailbox();
        var ran = new List<string>();
        mailbox.Post(() => throw new InvalidOperationException("write refused"));
        mailbox.Post(() => ran.Add("next"));

        Assert.Equal("write refused", Assert.Throws<InvalidOperationException>(mailbox.RunPending).Message);
        Assert.Empty(ran);
        mailbox.RunPending();
        Assert.Equal(new[] { "next" }, ran);
    }

    [Fact]
    public void Posting_nothing_is_refused()
    {
        Assert.Equal("action", Assert.Throws<ArgumentNullException>(() => new Mailbox().Post(null!)).ParamName);
    }
}
