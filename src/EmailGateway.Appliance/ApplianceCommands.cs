using EmailGateway.Appliance.Dialects;
using EmailGateway.Lab.World;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance;

/// <summary>Executes one command line for the node this process serves, in the node's dialect.</summary>
internal static class ApplianceCommands
{
    public static CommandResult Execute(LabStateStore store, string commandLine, bool viaExec)
    {
        // `show status` changes nothing but time: readers share the lab; every other command is a writer.
        if (LooksLikeStatus(commandLine))
            return store.Query(world => !IsPureQuery(world, commandLine), world => Dispatch(world, commandLine, viaExec));
        return store.Use(world => (Dispatch(world, commandLine, viaExec), true));
    }

    private static CommandResult Dispatch(LabWorld world, string commandLine, bool viaExec)
    {
        var node = ApplianceIdentity.Resolve(world);
        if (viaExec && ApplianceIdentity.IsShellOnly(world, node))
            return CommandResult.Fail("exec-refused", $"{node} accepts commands only in an interactive shell; open a shell channel");
        return Run(world, node, commandLine);
    }

    /// <summary>A cheap first guess before the lab is loaded; <see cref="IsPureQuery"/> decides.</summary>
    private static bool LooksLikeStatus(string commandLine) =>
        commandLine.Contains("status", StringComparison.Ordinal) || commandLine.Contains("state", StringComparison.Ordinal) && !commandLine.Contains(" set", StringComparison.Ordinal);

    /// <summary>True when the command is the node's status query and no armed fault would count it.</summary>
    private static bool IsPureQuery(LabWorld world, string commandLine)
    {
        string node;
        try { node = ApplianceIdentity.Resolve(world); }
        catch (ApplianceException) { return true; } // answered with an error, changes nothing
        if (world.GetFaults(node).FailingCommands > 0) return false;
        if (Dialect.For(world, node) is { } dialect) return dialect.IsStatusQuery(commandLine);
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 2 && words[0] == "show" && words[1] == "status";
    }

    private static CommandResult Run(LabWorld world, string node, string commandLine) =>
        Dialect.For(world, node) is { } dialect
            ? dialect.Execute(commandLine, canonical => world.Shell.Execute(node, canonical))
            : world.Shell.Execute(node, commandLine);
}
