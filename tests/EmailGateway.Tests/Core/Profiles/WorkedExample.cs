using EmailGateway.Profiles;

namespace EmailGateway.Tests.Core.Profiles;

/// <summary>The files of docs/profiles, copied beside the tests: the text CLI's capture and the profile written from it.</summary>
internal static class WorkedExample
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "profiles");
    public static string ProfilePath => Path.Combine(Folder, "text-cli.yaml");
    public static string TranscriptPath => Path.Combine(Folder, "text-cli.transcript.txt");
    public static DeviceProfile Profile => DeviceProfile.Load(ProfilePath);
    public static string Transcript => File.ReadAllText(TranscriptPath);

    /// <summary>The reply in the capture as the screen showed it (pager prompts erased).</summary>
    public const string Reply = """
        meg2.example.com - system status
          Console time      : 2026-12-03 06:59:20 UTC
        System
          Host name         : meg2.example.com
          Product           : MEG
          Software version  : 7.6.4 P4
          Power             : Running
        Cluster
          Role              : Failover
          Cluster ID        : 12
          Virtual IP        : 192.0.2.10
          Virtual IP owner  : No
          Scanning          : Enabled
        Traffic interfaces
          Link              : Up
          Address           : 192.0.2.12
        Mail
          Outbound greeting : scmgateway
          Queued messages   : 0
        Configuration
          Revision          : 42
          Sync state        : Corrupt

        """;
}
