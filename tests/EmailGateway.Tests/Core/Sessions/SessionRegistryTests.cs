using Xunit;
using EmailGateway.Sessions;
using EmailGateway.Tests.Core.Support;

namespace EmailGateway.Tests.Core.Sessions;

public class SessionRegistryTests
{
    private static (GatewaySession Session, FakeTransport Transport) NewSession(string name, string? lab = null)
    {
        var transport = new FakeTransport(name);
        return (new GatewaySession(transport, labName: lab), transport);
    }

    [Fact]
    public void Clear_closes_every_session_once_and_empties_the_table()
    {
        var registry = new SessionRegistry();
        var (ssh, sshTransport) = NewSession("meg1");
        var (lab, labTransport) = NewSession("meg2", lab: "Demo");
        registry.Add(ssh);
        registry.Add(lab);

        registry.Clear();
        registry.Clear();

        Assert.Empty(registry.All());
        Assert.Equal(1, sshTransport.DisposeCount);
        Assert.Equal(1, labTransport.DisposeCount);
        registry.Add(NewSession("meg1").Session);
        Assert.Single(registry.All());
    }

    [Fact]
    public void Added_sessions_are_found_by_name_case_insensitively()
    {
        var registry = new SessionRegistry();
        var (session, _) = NewSession("meg1");

        registry.Add(session);

        Assert.True(registry.TryGet("MEG1", out var found));
        Assert.Same(session, found);
        Assert.False(registry.TryGet("meg2", out _));
        Assert.Equal(new[] { session }, registry.All());
    }

    [Fact]
    public void A_duplicate_name_is_refused_with_a_clear_message_and_changes_nothing()
    {
        var registry = new SessionRegistry();
        var (first, firstTransport) = NewSession("meg1", lab: "kb");
        var (second, secondTransport) = NewSession("Meg1");
        registry.Add(first);

        var ex = Assert.Throws<InvalidOperationException>(() => registry.Add(second));

        Assert.Contains("'Meg1' already exists", ex.Message);
        Assert.Contains("lab kb", ex.Message);
        Assert.Contains("Remove it first", ex.Message);
        Assert.True(registry.TryGet("meg1", out var still));
        Assert.Same(first, still);
        Assert.Equal(0, firstTransport.DisposeCount);
        Assert.Equal(0, secondTransport.DisposeCount);
    }

    [Fact]
    public void Replace_disposes_the_old_session_and_keeps_the_new_one()
    {
        var registry = new SessionRegistry();
        var (old, oldTransport) = NewSession("meg1");
        var (replacement, newTransport) = NewSession("meg1");
        registry.Add(old);

        registry.Add(replacement, replace: true);

        Assert.True(old.IsDisposed);
        Assert.Equal(1, oldTransport.DisposeCount);
        Assert.False(replacement.IsDisposed);
        Assert.Equal(0, newTransport.DisposeCount);
        Assert.True(registry.TryGet("meg1", out var found));
        Assert.Same(replacement, found);
        Assert.Single(registry.All());
    }

    [Fact]
    public void Re_adding_the_same_session_with_replace_does_not_dispose_it()
    {
        var registry = new SessionRegistry();
        var (session, transport) = NewSession("meg1");
        registry.Add(session);

        registry.Add(session, replace: true);

        Assert.False(session.IsDisposed);
        Assert.Equal(0, transport.DisposeCount);
        Assert.True(registry.TryGet("meg1", out var found));
        Assert.Same(session, found);
    }

    [Fact]
    public void Remove_disposes_and_forgets_the_session()
    {
        var registry = new SessionRegistry();
        var (session, transport) = NewSession("meg1");
        registry.Add(session);

        Assert.True(registry.Remove("MEG1"));

        Assert.True(session.IsDisposed);
        Assert.Equal(1, transport.DisposeCount);
        Assert.False(registry.TryGet("meg1", out _));
        Assert.False(registry.Remove("meg1"));
        Assert.Equal(1, transport.DisposeCount);
        Assert.Throws<ObjectDisposedException>(() => session.CreateClient());
    }

    [Fact]
    public void RemoveLab_removes_only_that_labs_sessions()
    {
        var registry = new SessionRegistry();
        var kb = Enumerable.Range(1, 3).Select(i => NewSession($"kb-{i}", lab: "KB80406")).ToList();
        var healthy = Enumerable.Range(1, 2).Select(i => NewSession($"ok-{i}", lab: "Healthy")).ToList();
        var ssh = NewSession("meg.example.com");
        foreach (var (session, _) in kb.Concat(healthy).Append(ssh)) registry.Add(session);

        registry.RemoveLab("kb80406");

        Assert.Equal(new[] { "meg.example.com", "ok-1", "ok-2" }, registry.All().Select(s => s.ComputerName));
        Assert.All(kb, s => Assert.True(s.Session.IsDisposed));
        Assert.All(healthy, s => Assert.False(s.Session.IsDisposed));
        Assert.False(ssh.Session.IsDisposed);
    }

    [Fact]
    public void All_is_ordered_by_name()
    {
        var registry = new SessionRegistry();
        foreach (var name in new[] { "c", "A", "b" }) registry.Add(NewSession(name).Session);
        Assert.Equal(new[] { "A", "b", "c" }, registry.All().Select(s => s.ComputerName));
    }

    [Fact]
    public void Parallel_adds_of_distinct_names_all_land()
    {
        var registry = new SessionRegistry();
        var sessions = Enumerable.Range(0, 500).Select(i => NewSession($"node-{i:D3}").Session).ToList();

        Parallel.ForEach(sessions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, s => registry.Add(s));

        Assert.Equal(sessions.Select(s => s.ComputerName), registry.All().Select(s => s.ComputerName));
        Assert.All(sessions, s => Assert.False(s.IsDisposed));
    }

    [Fact]
    public void Parallel_adds_of_one_name_let_exactly_one_win()
    {
        var registry = new SessionRegistry();
        var sessions = Enumerable.Range(0, 64).Select(_ => NewSession("meg1").Session).ToList();
        var refused = 0;

        Parallel.ForEach(sessions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, s =>
        {
            try { registry.Add(s); }
            catch (InvalidOperationException) { Interlocked.Increment(ref refused); }
        });

        Assert.Equal(63, refused);
        Assert.Single(registry.All());
    }

    [Fact]
    public void A_session_exposes_its_transport_and_default_profile()
    {
        var (session, transport) = NewSession("meg1", lab: "kb");
        Assert.Equal("meg1", session.ComputerName);
        Assert.Equal("Fake", session.Kind);
        Assert.Equal("kb", session.LabName);
        Assert.Same(EmailGateway.Profiles.DeviceProfile.Default, session.Profile);
        Assert.Same(transport, session.CreateClient().Transport);
        Assert.NotEqual(session.Id, NewSession("meg2").Session.Id);

        session.Dispose();
        session.Dispose();
        Assert.Equal(1, transport.DisposeCount);
    }
}
