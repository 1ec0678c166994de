using System.Globalization;

namespace EmailGateway.Appliance;

/// <summary>
/// Commands for testing the client's timeouts, offered only when the server's configuration sets
/// EMAILGATEWAY_APPLIANCE_TEST_COMMANDS=1. <c>test sleep &lt;seconds&gt;</c> hangs without holding the lab lock,
/// and ends early when the client closes the channel (stdin reaches its end).
/// </summary>
internal static class TestCommands
{
    public const string Switch = "EMAILGATEWAY_APPLIANCE_TEST_COMMANDS";

    public static bool TryRun(string commandLine, out int exitStatus)
    {
        exitStatus = 0;
        if (Environment.GetEnvironmentVariable(Switch) != "1") return false;
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 3 || words[0] != "test" || words[1] != "sleep") return false;
        if (!double.TryParse(words[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
        {
            Console.Error.WriteLine("error: invalid-argument: test sleep takes a number of seconds");
            exitStatus = 1;
            return true;
        }
        var input = RawStreams.Input();
        var closed = Task.Run(() =>
        {
            var buffer = new byte[256];
            while (input.Read(buffer, 0, buffer.Length) > 0) { }
        });
        closed.Wait(TimeSpan.FromSeconds(seconds));
        Console.Out.WriteLine(closed.IsCompleted ? "interrupted" : "slept");
        return true;
    }
}
