using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using EmailGateway.Lab.World;
using EmailGateway.Model;
using EmailGateway.Protocol;
using EmailGateway.Smtp;
using EmailGateway.Updates;

namespace EmailGateway.Lab.Shell
{
    /// <summary>
    /// The appliance's management shell (docs/architecture.md, the appliance's management protocol) for the nodes of one lab: a command line in,
    /// exit status and text out. While a node updates or reboots it refuses every command with
    /// <c>error: busy: ...</c> except <c>show status</c>, which still answers (with <c>power: updating</c> or
    /// <c>rebooting</c>) so progress can be watched.
    /// </summary>
    public sealed class ApplianceShell
    {
        public const string UploadDirectory = "/var/tmp/updates/";

        private readonly LabWorld _world;

        internal ApplianceShell(LabWorld world) => _world = world;

        public CommandResult Execute(string nodeName, string commandLine)
        {
            lock (_world.Gate)
            {
                var node = _world.Node(nodeName);
                if (node.Faults.Unreachable)
                    return CommandResult.Fail(ErrorCodes.Unreachable, $"{node.Name} does not answer on its management interface");
                if (node.Faults.FailingCommands > 0)
                {
                    node.Faults.FailingCommands--;
                    _world.Note($"{node.Name}> {commandLine} -> injected fault ({node.Faults.FailingCommands} more)");
                    return CommandResult.Fail(ErrorCodes.Injected, $"'{commandLine}' failed on {node.Name} (injected; {node.Faults.FailingCommands} more to fail)");
                }

                var words = (commandLine ?? string.Empty).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                var isStatus = words.Length >= 2 && words[0] == "show" && words[1] == "status";
                if (node.Power != PowerState.Running && !isStatus)
                    return CommandResult.Fail(ErrorCodes.Busy, $"{node.Name} is {ModeNames.ToWire(node.Power)}; try again when it is running");

                CommandResult result;
                try
                {
                    result = Dispatch(node, words);
                }
                catch (ShellError error)
                {
                    result = CommandResult.Fail(error.Code, error.Message);
                }
                if (!isStatus) _world.Note($"{node.Name}> {commandLine}" + (result.Succeeded ? string.Empty : $" -> {result.StandardError.Trim()}"));
                return result;
            }
        }

        /// <summary>Stores an uploaded file in the node's <c>/var/tmp/updates/</c>. A corrupt-upload fault alters the bytes.</summary>
        public CommandResult Upload(string nodeName, string remotePath, byte[] content)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            lock (_world.Gate)
            {
                var node = _world.Node(nodeName);
                if (node.Faults.Unreachable)
                    return CommandResult.Fail(ErrorCodes.Unreachable, $"{node.Name} does not answer on its management interface");
                try
                {
                    CheckUploadPath(remotePath);
                }
                catch (ShellError error)
                {
                    return CommandResult.Fail(error.Code, error.Message);
                }
                var stored = (byte[])content.Clone();
                if (node.Faults.CorruptUpload && stored.Length > 0) stored[stored.Length / 2] ^= 0x5A;
                _world.StoreUpload(node, remotePath, stored);
                _world.Note($"{node.Name}: received {remotePath} ({stored.Length} bytes)" + (node.Faults.CorruptUpload ? " (corrupted in transit: injected)" : string.Empty));
                return CommandResult.Ok();
            }
        }

        private CommandResult Dispatch(LabNode node, string[] words)
        {
            if (words.Length == 0) throw Unknown("(empty)");
            switch (words[0])
            {
                case "show" when words.Length >= 2 && words[1] == "status":
                    NoMoreArguments(words, 2);
                    return CommandResult.Ok(StatusDocument.Write(node.ToStatus(_world.NowUnlocked)));
                case "set" when words.Length >= 2:
                    return Set(node, words);
                case "update" when words.Length >= 2 && words[1] == "apply":
                    return ApplyUpdate(node, words);
                case "restart":
                    NoMoreArguments(words, 1);
                    _world.BeginRestart(node);
                    return CommandResult.Ok();
                default:
                    throw Unknown(string.Join(" ", words));
            }
        }

        private CommandResult Set(LabNode node, string[] words)
        {
            switch (words[1])
            {
                case "cluster-id":
                {
                    var value = Argument(words, 2, "a cluster identifier (0-255)");
                    NoMoreArguments(words, 3);
                    ClusterId id;
                    try { id = ClusterId.Parse(value); }
                    catch (FormatException ex) { throw Invalid(ex.Message); }
                    _world.SetClusterId(node, id);
                    return CommandResult.Ok();
                }
                case "cluster-mode":
                {
                    var mode = ParseWord(Argument(words, 2, "a mode (standalone, master, failover, scanner)"), ModeNames.ParseMode);
                    string? virtualIp = null;
                    if (words.Length > 3)
                    {
                        if (words[3] != "--virtual-ip") throw Invalid($"unexpected '{words[3]}'; the only option is --virtual-ip <address>");
                        virtualIp = Address(Argument(words, 4, "an address after --virtual-ip"));
                        NoMoreArguments(words, 5);
                    }
                    if ((mode == ClusterMode.Master || mode == ClusterMode.Failover) && virtualIp is null && node.VirtualIp is null)
                        throw Invalid($"a {ModeNames.ToWire(mode)} needs a virtual IP: add --virtual-ip <address>");
                    _world.SetClusterMode(node, mode, virtualIp);
                    return CommandResult.Ok();
                }
                case "network":
                {
                    var state = ParseWord(Argument(words, 2, "online or offline"), ModeNames.ParseNetwork);
                    NoMoreArguments(words, 3);
                    _world.SetNetwork(node, state);
                    return CommandResult.Ok();
                }
                case "address":
                {
                    var address = Address(Argument(words, 2, "an IP address"));
                    NoMoreArguments(words, 3);
                    _world.SetAddress(node, address);
                    return CommandResult.Ok();
                }
                case "smtp-helo":
                {
                    var helo = Argument(words, 2, "a fully qualified host name");
                    NoMoreArguments(words, 3);
                    var verdict = HeloName.Check(helo);
                    if (!verdict.IsValid) throw Invalid(verdict.Reason);
                    _world.SetHelo(node, helo);
                    return CommandResult.Ok();
                }
                default:
                    throw Unknown(string.Join(" ", words));
            }
        }

        private CommandResult ApplyUpdate(LabNode node, string[] words)
        {
            var path = Argument(words, 2, "the uploaded package's path");
            if (words.Length < 4 || words[3] != "--sha256") throw Invalid("expected 'update apply <path> --sha256 <hex>'");
            var expected = Argument(words, 4, "a SHA-256 digest after --sha256");
            NoMoreArguments(words, 5);
            CheckUploadPath(path);
            if (expected.Length != 64 || !expected.All(Uri.IsHexDigit)) throw Invalid($"'{expected}' is not a SHA-256 digest (64 hexadecimal digits)");

            var content = _world.ReadUpload(node, path) ?? throw new ShellError(ErrorCodes.NotFound, $"{path} does not exist on {node.Name}");
            using var stream = new MemoryStream(content, writable: false);
            var actual = UpdatePackage.ComputeSha256(stream);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new ShellError(ErrorCodes.ChecksumMismatch, $"{path} has SHA-256 {actual}, not {expected.ToLowerInvariant()}");
            stream.Position = 0;
            PackageHeader header;
            // The same checks as before the upload: a strict header and the payload against its checksum.
            try { header = UpdatePackage.Verify(stream, path, expected).Header; }
            catch (UpdatePackageException ex) { throw new ShellError(ErrorCodes.InvalidPackage, ex.Message); }
            if (!string.Equals(header.Product, node.Product, StringComparison.OrdinalIgnoreCase))
                throw new ShellError(ErrorCodes.InvalidPackage, $"{path} is for {header.Product}; {node.Name} is {node.Product}");
            _world.BeginUpdate(node, header.Build);
            return CommandResult.Ok();
        }

        private static void CheckUploadPath(string? path)
        {
            if (path is null || !path.StartsWith(UploadDirectory, StringComparison.Ordinal) || path.Length == UploadDirectory.Length
                || path.Contains("..") || path.Substring(UploadDirectory.Length).Contains("/")
                || !path.All(c => char.IsLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-' || c == '/'))
                throw Invalid($"'{path}' is not a file in {UploadDirectory}");
        }

        private static string Address(string text)
        {
            if (!IPAddress.TryParse(text, out var address) || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
                throw Invalid($"'{text}' is not an IP address");
            return address.ToString();
        }

        private static T ParseWord<T>(string text, Func<string, T> parse)
        {
            try { return parse(text); }
            catch (FormatException ex) { throw Invalid(ex.Message); }
        }

        private static string Argument(IReadOnlyList<string> words, int index, string what) =>
            index < words.Count ? words[index] : throw Invalid($"'{string.Join(" ", words)}' is missing {what}");

        private static void NoMoreArguments(IReadOnlyList<string> words, int count)
        {
            if (words.Count > count) throw Invalid($"unexpected '{string.Join(" ", words.Skip(count))}'");
        }

        private static ShellError Invalid(string message) => new ShellError(ErrorCodes.InvalidArgument, message);

        private static ShellError Unknown(string command) =>
            new ShellError(ErrorCodes.UnknownCommand, $"'{command}': known commands are show status, set cluster-id|cluster-mode|network|address|smtp-helo, update apply, restart");

        private sealed class ShellError : Exception
        {
            public ShellError(string code, string message) : base(message) => Code = code;
            public string Code { get; }
        }
    }
}
