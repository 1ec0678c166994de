using EmailGateway.Appliance;
using EmailGateway.Appliance.Sftp;
using EmailGateway.Protocol;

// The appliance behind a real sshd (its ForceCommand). One process per SSH request:
//   exec request     SSH_ORIGINAL_COMMAND holds the command: run it, print, exit with its status
//   shell request    no command: an interactive prompt loop
//   sftp subsystem   SSH_ORIGINAL_COMMAND is the subsystem's command: serve /var/tmp/updates/
// The node is the one mapped to the server address in SSH_CONNECTION; the lab lives in the state file.
const string StateVariable = "EMAILGATEWAY_LAB_STATE";
const string Usage = """
    EmailGateway.Appliance [--state <lab-state.yaml>]     serve one SSH request (sshd's ForceCommand)
    EmailGateway.Appliance init ...                      write a lab state file (see 'init --help')
    The state file may also come from EMAILGATEWAY_LAB_STATE.
    """;

ReflectionRoots.Keep();
try
{
    if (args.Length > 0 && args[0] == "init")
    {
        if (args.Length > 1 && args[1] is "--help" or "-h") { Console.WriteLine(LabInitCommand.Usage); return 0; }
        return LabInitCommand.Run(args[1..]);
    }
    if (args.Length > 0 && args[0] is "--help" or "-h") { Console.WriteLine(Usage); return 0; }

    var statePath = args.Length == 2 && args[0] == "--state" ? args[1]
        : args.Length == 0 ? Environment.GetEnvironmentVariable(StateVariable)
        : throw new ArgumentException(Usage);
    if (string.IsNullOrWhiteSpace(statePath)) throw new ArgumentException("No lab state file: pass --state or set " + StateVariable + ".");
    var store = new LabStateStore(statePath);

    var command = Environment.GetEnvironmentVariable("SSH_ORIGINAL_COMMAND");
    if (SftpServer.IsSubsystemRequest(command)) return SftpServer.Run(store);
    if (string.IsNullOrWhiteSpace(command)) return PromptLoop.Run(store);
    if (TestCommands.TryRun(command, out var testStatus)) return testStatus;

    var result = ApplianceCommands.Execute(store, command, viaExec: true);
    using (var stdout = RawStreams.Output())
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(result.StandardOutput);
        stdout.Write(bytes, 0, bytes.Length);
    }
    if (result.StandardError.Length > 0) Console.Error.Write(result.StandardError);
    return result.ExitStatus;
}
catch (ApplianceException error)
{
    Console.Error.WriteLine(ApplianceError.Format(error.Code, error.Message));
    return 1;
}
catch (Exception error) when (error is ArgumentException || error is FormatException || error is IOException || error is UnauthorizedAccessException)
{
    Console.Error.WriteLine(ApplianceError.Format("appliance-failure", error.Message.Replace('\n', ' ')));
    return 70;
}
