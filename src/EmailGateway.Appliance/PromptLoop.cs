using System.Text;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance;

/// <summary>
/// The interactive CLI, for clients that open a shell instead of sending exec requests: a prompt
/// "&lt;node&gt;&gt; ", one command per line, errors printed inline as the protocol's error line.
/// Reads and writes the raw streams so the runtime never touches the terminal's settings.
/// </summary>
internal static class PromptLoop
{
    public static int Run(LabStateStore store)
    {
        string node;
        try
        {
            node = ApplianceIdentity.Resolve(store.Read());
        }
        catch (ApplianceException error)
        {
            Console.Error.WriteLine(ApplianceError.Format(error.Code, error.Message));
            return 1;
        }

        using var input = new StreamReader(RawStreams.Input(), new UTF8Encoding(false));
        using var output = new StreamWriter(RawStreams.Output(), new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = false };
        var prompt = node + "> ";
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
                output.Write(result.StandardOutput);
                output.Write(result.StandardError);
            }
            output.Write(prompt);
            output.Flush();
        }
        return 0;
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
