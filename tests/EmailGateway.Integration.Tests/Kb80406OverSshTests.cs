using EmailGateway.Integration.Tests.Infrastructure;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// KB80406 end to end over real SSH with the built-in profile: the lab's KB80406 cluster (failover already
/// on the next Patch, online beside the master, greeting scmgateway) behind sshd, found and cured by recipe A.
/// </summary>
public sealed class Kb80406OverSshTests : IClassFixture<Kb80406OverSshTests.Kb80406Lab>
{
    private readonly Kb80406Lab _lab;

    public Kb80406OverSshTests(Kb80406Lab lab) => _lab = lab;

    [SshdFact]
    public async Task The_mixed_build_and_the_failovers_scmgateway_greeting_are_found_and_recipe_A_cures_them()
    {
        var sessions = await _lab.OpenAsync(hashedKnownHosts: true);
        try
        {
            await Kb80406Story.RunRecipeAAsync(sessions, _lab.Lab.Directory);
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }

    // 20-minute updates take 10 s, 5-minute restarts 2.5 s.
    public sealed class Kb80406Lab : Kb80406SshLab
    {
        public Kb80406Lab() : base(firstOctet: 20, timeScale: 120)
        {
        }
    }
}
