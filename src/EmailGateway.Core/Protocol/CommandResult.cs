namespace EmailGateway.Protocol
{
    /// <summary>What one appliance command returned: exit status and both output streams, as text.</summary>
    public sealed class CommandResult
    {
        public CommandResult(int exitStatus, string standardOutput, string standardError)
        {
            ExitStatus = exitStatus;
            StandardOutput = standardOutput ?? string.Empty;
            StandardError = standardError ?? string.Empty;
        }

        public int ExitStatus { get; }
        public string StandardOutput { get; }
        public string StandardError { get; }
        public bool Succeeded => ExitStatus == 0;

        public static CommandResult Ok(string output = "") => new CommandResult(0, output, string.Empty);

        public static CommandResult Fail(string code, string message, int exitStatus = 1) =>
            new CommandResult(exitStatus, string.Empty, ApplianceError.Format(code, message) + "\n");
    }
}
