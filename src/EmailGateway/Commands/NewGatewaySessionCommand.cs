using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Execution;
using EmailGateway.Sessions;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Opens SSH sessions to appliances (by name or from an inventory file), verifying each host key
    /// before authenticating, and adds them to the module's session table.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "GatewaySession", DefaultParameterSetName = ByComputerNameSet)]
    [OutputType(typeof(GatewaySession))]
    public sealed class NewGatewaySessionCommand : GatewayCmdlet
    {
        private const string ByComputerNameSet = "ByComputerName";
        private const string ByInventorySet = "ByInventory";
        private readonly List<string> _computerNames = new List<string>();

        /// <summary>Appliance host names or addresses; host:port and [IPv6]:port are accepted.</summary>
        [Parameter(ParameterSetName = ByComputerNameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("CN", "HostName")]
        [ValidateNotNullOrEmpty]
        public string[]? ComputerName { get; set; }

        /// <summary>An inventory YAML file listing appliances (host, port, user, key, profile).</summary>
        [Parameter(ParameterSetName = ByInventorySet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? InventoryPath { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>User name and password. With -KeyFilePath only the user name is needed.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A private key file (OpenSSH, PEM or PuTTY format).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KeyFilePath { get; set; }

        [Parameter]
        public SecureString? KeyPassphrase { get; set; }

        /// <summary>The known_hosts file; default: ~/.ssh/known_hosts (and /etc/ssh/ssh_known_hosts for lookups).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KnownHostsPath { get; set; }

        /// <summary>Trust exactly this host key (SHA256:base64, as ssh-keygen -l prints it) instead of known_hosts.</summary>
        [Parameter]
        public string? HostKeyFingerprint { get; set; }

        /// <summary>Record an unknown host key in known_hosts. A changed key is refused regardless.</summary>
        [Parameter]
        public SwitchParameter AcceptNewHostKey { get; set; }

        /// <summary>Also offer SHA-1 key exchange and host keys, CBC ciphers and hmac-sha1, for old appliances.</summary>
        [Parameter]
        public SwitchParameter AllowLegacyAlgorithms { get; set; }

        /// <summary>Seconds to wait for the connection and SSH handshake.</summary>
        [Parameter]
        [Alias("ConnectTimeout")]
        [ValidateRange(1, 3600)]
        public int ConnectTimeoutSeconds { get; set; } = 15;

        /// <summary>Seconds one appliance command may take before it is cancelled.</summary>
        [Parameter]
        [Alias("CommandTimeout")]
        [ValidateRange(1, 86400)]
        public int CommandTimeoutSeconds { get; set; } = 60;

        /// <summary>A device profile file (an edited copy of the default) for appliances with other firmware.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DeviceProfile { get; set; }

        /// <summary>The session name, when one computer is given; defaults to the computer name.</summary>
        [Parameter(ParameterSetName = ByComputerNameSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The network segment (site) the appliances sit in, so that clusters of different sites that share a cluster id are told apart. An inventory entry's segment: wins.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Site")]
        [ArgumentCompleter(typeof(Completion.SegmentCompleter))]
        public string? Segment { get; set; }

        /// <summary>How many connections are set up at once.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        protected override void ProcessRecord()
        {
            if (ComputerName != null) _computerNames.AddRange(ComputerName);
        }

        protected override void EndProcessing()
        {
            var targets = SessionOpener.Targets(InventoryPath is null ? null : GetUnresolvedProviderPathFromPSPath(InventoryPath), _computerNames, Name, Options());
            if (targets.Refusal != null) ThrowRefusal(targets.Refusal);
            var (fresh, taken) = SessionOpener.NotOpenYet(targets.Value!, ModuleState.Current.Sessions);
            foreach (var refusal in taken) WriteRefusal(refusal);
            if (fresh.Count == 0) return;

            var activityId = Math.Abs(GetHashCode() % 10000) + 1;
            var openings = SessionOpener.Open(fresh, ModuleState.Current.Sessions, Log, ThrottleLimit, StopToken, Mailbox, (finished, done) =>
            {
                if (fresh.Count > 1)
                    WriteProgress(new ProgressRecord(activityId, "New-GatewaySession", $"{done} of {fresh.Count} connected or failed (last: {finished.ComputerName})")
                    { PercentComplete = done * 100 / fresh.Count });
            });
            foreach (var opening in openings)
            {
                if (opening.Succeeded) WriteObject(Typed(opening.Value!, TypeNames.Session));
                else if (!(opening.Error is OperationCanceledException && StopToken.IsCancellationRequested)) WriteNodeError(opening.Error!, opening.ComputerName);
            }
            FlushLog();
            if (fresh.Count > 1) WriteProgress(new ProgressRecord(activityId, "New-GatewaySession", "Done") { RecordType = ProgressRecordType.Completed });
        }

        private SshSessionOptions Options() => new SshSessionOptions
        {
            Port = MyInvocation.BoundParameters.ContainsKey(nameof(Port)) ? Port : (int?)null,
            UserName = Credential?.UserName.TrimStart('\\'),
            Password = Credential?.Password,
            KeyFilePath = KeyFilePath is null ? null : GetUnresolvedProviderPathFromPSPath(KeyFilePath),
            KeyPassphrase = KeyPassphrase,
            KnownHostsPath = KnownHostsPath is null ? null : GetUnresolvedProviderPathFromPSPath(KnownHostsPath),
            HostKeyFingerprint = HostKeyFingerprint,
            AcceptNewHostKey = AcceptNewHostKey.IsPresent,
            AllowLegacyAlgorithms = AllowLegacyAlgorithms.IsPresent,
            ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds),
            CommandTimeout = TimeSpan.FromSeconds(CommandTimeoutSeconds),
            DeviceProfilePath = DeviceProfile is null ? null : GetUnresolvedProviderPathFromPSPath(DeviceProfile),
            Segment = Segment,
        };
    }
}
