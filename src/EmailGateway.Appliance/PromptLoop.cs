using System.Text;
using EmailGateway.Appliance.Dialects;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance;

/// <summary>
/// The interactive CLI, for clients that open a shell instead of sending exec requests: the dialect's
/// banner, a prompt ("&lt;node&gt;&gt; ", or the dialect's), one command per line, errors printed inline.
/// A dialect with a page length pauses long replies at <c>--More--</c> until a key is typed (q stops).
/// Reads and writes the raw streams so the runtime never touches the terminal's settings.
/// </summary>
internal static class PromptLoop
{
    public const string MorePrompt = "--More--";

    public static int Run(LabStateStore store)
    {
        string node;
        Dialect? dialect;
        try
        {
            var world = store.Read();
            node = ApplianceIdentity.Resolve(world);
            dialect = Dialect.For(world, node);
        }
        catch (ApplianceException error)
        {
            Console.Error.WriteLine(ApplianceError.Format(error.Code, error.Message));
            return 1;
        }

        using var raw = RawStreams.Input();
        using var input = new StreamReader(raw, new UTF8Encoding(false), false, 1);
        using var output = new StreamWriter(RawStreams.Output(), new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = false };
        var prompt = dialect?.PromptFor(node) ?? node + "> ";
        var pageLength = dialect != null && TerminalMode.IsTerminal() ? dialect.PageLength : 0;
        if (dialect?.Banner is { } banner) output.Write(banner);
        output.Write(prompt);
        output.Flush();
        string? line;
        while ((line = input.ReadLine()) != null)
        {
            var command = line.Trim();
            if (command is "exit" or "quit" or "logout") break;
            if (command.Length > 0)
            {
                var result = Execute(store, command);
                if (!Page(output, raw, result.StandardOutput + result.StandardError, pageLength)) break;
            }
            output.Write(prompt);
            output.Flush();
        }
        return 0;
    }

    /// <summary>Writes a reply, pausing every <paramref name="pageLength"/> lines; false when the client went away.</summary>
    private static bool Page(StreamWriter output, Stream keys, string reply, int pageLength)
    {
        var lines = reply.Split('\n');
        var count = reply.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            if (pageLength > 0 && i > 0 && i % pageLength == 0)
            {
                output.Write(MorePrompt);
                output.Flush();
                var key = ReadKey(keys);
                output.Write("\r" + new string(' ', MorePrompt.Length) + "\r");
                if (key < 0) return false;
                if (key == 'q') break;
            }
            output.Write(lines[i]);
            if (i < lines.Length - 1) output.Write('\n');
        }
        return true;
    }

    private static int ReadKey(Stream keys)
    {
        using var mode = TerminalMode.SingleKey();
        var key = new byte[1];
        return keys.Read(key, 0, 1) == 1 ? key[0] : -1;
    }

    private static CommandResult Execute(LabStateStore store, string command)
    {
        try
        {
            return ApplianceCommands.Execute(store, command, viaExec: false);
        }
        catch (ApplianceException error)
        {
            return CommandResult.Fail(error.Code, error.Message);
        }
    }
}
