using EmailGateway.Lab.World;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance;

/// <summary>Executes one command line for the node this process serves, in the node's dialect.</summary>
internal static class ApplianceCommands
{
    public static CommandResult Execute(LabStateStore store, string commandLine, bool viaExec)
    {
        return store.Use(world =>
        {
            var node = ApplianceIdentity.Resolve(world);
            if (viaExec && ApplianceIdentity.IsShellOnly(world, node))
                return (CommandResult.Fail("exec-refused", $"{node} accepts commands only in an interactive shell; open a shell channel"), false);
            return (Run(world, node, commandLine), true);
        });
    }

    private static CommandResult Run(LabWorld world, string node, string commandLine)
    {
        var dialectPath = ApplianceIdentity.DialectPath(world, node);
        if (dialectPath is null) return world.Shell.Execute(node, commandLine);
        var dialect = Dialect.Load(dialectPath);
        string canonical;
        try
        {
            canonical = dialect.Translate(commandLine);
        }
        catch (ApplianceException error)
        {
            return CommandResult.Fail(error.Code, error.Message);
        }
        var result = world.Shell.Execute(node, canonical);
        return result.Succeeded && dialect.IsStatus(canonical)
            ? new CommandResult(0, dialect.RewriteStatus(result.StandardOutput), result.StandardError)
            : result;
    }
}
