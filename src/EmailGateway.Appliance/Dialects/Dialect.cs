using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance.Dialects;

/// <summary>
/// Another firmware's CLI in front of a lab node: its command lines are translated into the lab's
/// protocol, and the lab's answers are written the way that firmware writes them. The client, driven by a
/// device profile written for that firmware, must then work unchanged.
/// </summary>
internal abstract class Dialect
{
    /// <summary>The value of a node's dialect annotation that selects the built-in text CLI.</summary>
    public const string TextName = "text";

    protected Dialect(CommandTranslator commands) => Commands = commands;

    public CommandTranslator Commands { get; }

    /// <summary>Printed when an interactive shell opens, before the first prompt.</summary>
    public virtual string? Banner => null;

    /// <summary>Interactive shell only: lines per page before the pager waits for a key; 0 never pages.</summary>
    public virtual int PageLength => 0;

    public virtual string PromptFor(string node) => node + "> ";

    /// <summary>The dialect of <paramref name="node"/>, or null when it speaks the lab's own protocol.</summary>
    public static Dialect? For(LabWorld world, string node)
    {
        var selected = ApplianceIdentity.DialectPath(world, node);
        if (selected is null) return null;
        return selected == TextName ? new TextDialect() : ProfileDialect.Load(selected);
    }

    /// <summary>Answers one line of this dialect: translated, run by <paramref name="lab"/>, written back in this dialect.</summary>
    public CommandResult Execute(string commandLine, Func<string, CommandResult> lab)
    {
        string canonical;
        try
        {
            canonical = Commands.Translate(commandLine);
        }
        catch (ApplianceException error)
        {
            return Failure(error.Code, error.Message, commandLine);
        }
        var result = lab(canonical);
        if (!result.Succeeded)
        {
            var error = ApplianceError.Parse(result.StandardError, result.ExitStatus);
            return Failure(error.Code, error.Message, commandLine);
        }
        return CommandTranslator.IsStatus(canonical) ? CommandResult.Ok(Status(StatusDocument.Parse(result.StandardOutput))) : result;
    }

    /// <summary>True when <paramref name="commandLine"/> is this dialect's status query.</summary>
    public bool IsStatusQuery(string commandLine)
    {
        try
        {
            return CommandTranslator.IsStatus(Commands.Translate(commandLine));
        }
        catch (ApplianceException)
        {
            return false;
        }
    }

    protected abstract CommandResult Failure(string code, string message, string commandLine);

    protected abstract string Status(GatewayNode node);
}
