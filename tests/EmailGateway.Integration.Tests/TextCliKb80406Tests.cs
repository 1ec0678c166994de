using EmailGateway.Integration.Tests.Infrastructure;
using EmailGateway.Tests.Core.Profiles;

namespace EmailGateway.Integration.Tests;

/// <summary>
/// KB80406 end to end against appliances that answer in text (the appliance program's text CLI: banner,
/// Key : value status in the firmware's words, % Error lines with exit status 0, a --More-- pager in a
/// shell), driven by the profile of docs/device-profiles.md: once over exec requests, once over shells.
/// </summary>
public sealed class TextCliKb80406Tests
{
    private static readonly string[] AllText = Enumerable.Range(1, 4).SelectMany(i => new[] { "--dialect", $"meg{i}=text" }).ToArray();

    public sealed class OverExec : IClassFixture<OverExec.Lab>
    {
        private readonly Lab _lab;

        public OverExec(Lab lab) => _lab = lab;

        [SshdFact]
        public Task Recipe_A_finds_and_cures_the_hazard_over_exec_requests() =>
            RunAsync(_lab, ProfileForChannel(_lab.Lab.Directory, "exec"));

        public sealed class Lab : Kb80406SshLab
        {
            public Lab() : base(firstOctet: 60, timeScale: 120, AllText)
            {
            }
        }
    }

    public sealed class OverShell : IClassFixture<OverShell.Lab>
    {
        private readonly Lab _lab;

        public OverShell(Lab lab) => _lab = lab;

        [SshdFact]
        public Task Recipe_A_finds_and_cures_the_hazard_over_interactive_shells() =>
            RunAsync(_lab, WorkedExample.ProfilePath);

        public sealed class Lab : Kb80406SshLab
        {
            public Lab() : base(firstOctet: 64, timeScale: 120, AllText)
            {
            }
        }
    }

    /// <summary>The worked example's profile on the given channel (it is written for the shell).</summary>
    internal static string ProfileForChannel(string folder, string channel)
    {
        var path = Path.Combine(folder, $"text-cli-{channel}.yaml");
        var yaml = File.ReadAllText(WorkedExample.ProfilePath);
        Assert.Contains("\nchannel: shell", yaml);
        File.WriteAllText(path, yaml.Replace("\nchannel: shell", "\nchannel: " + channel));
        return path;
    }

    private static async Task RunAsync(Kb80406SshLab lab, string profilePath)
    {
        var sessions = await lab.OpenAsync(profilePath);
        try
        {
            Assert.All(sessions, s => Assert.Equal("text-cli", s.Profile.Name));
            await Kb80406Story.RunRecipeAAsync(sessions, lab.Lab.Directory);
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }
}
