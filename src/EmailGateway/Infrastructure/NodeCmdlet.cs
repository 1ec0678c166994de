using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EmailGateway.Output;
using EmailGateway.Commands.Completion;
using EmailGateway.Execution;
using EmailGateway.Model;
using EmailGateway.Sessions;
using EmailGateway.Transport;

namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// Base of cmdlets that act on nodes: binds nodes by name (wildcards, pipeline by property name), by node
    /// object (-Node, as Get-GatewayNode writes them) or by session object, gathers them over the whole
    /// pipeline, asks ShouldProcess per node on the pipeline thread, then runs the operation on all of them
    /// in parallel.
    /// </summary>
    public abstract class NodeCmdlet : GatewayCmdlet
    {
        protected const string ByNameSet = "ByName";
        protected const string BySessionSet = "BySession";
        protected const string ByNodeSet = "ByNode";

        private readonly NodeTargets _targets = new NodeTargets();
        private readonly List<string> _failed = new List<string>();
        private bool _anyTargetNamed;

        /// <summary>Nodes named but not found, or whose operation failed (each already reported as an error).</summary>
        protected IReadOnlyList<string> FailedNodes => _failed;

        /// <summary>Node (session) names; wildcards allowed. Binds from any object with a ComputerName property.</summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CN")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ComputerNameCompleter))]
        public string[]? ComputerName { get; set; }

        /// <summary>
        /// Node objects, as Get-GatewayNode returns them (pipe them in); each names its session. Typed as the
        /// cmdlets write nodes, so a piped node binds here before its ComputerName property could bind by name.
        /// </summary>
        [Parameter(ParameterSetName = ByNodeSet, Mandatory = true, ValueFromPipeline = true)]
        [Alias("InputObject")]
        [ValidateNotNull]
        public NodeOutput[]? Node { get; set; }

        /// <summary>Session objects, as Get-GatewaySession returns them.</summary>
        [Parameter(ParameterSetName = BySessionSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public GatewaySession[]? Session { get; set; }

        /// <summary>How many nodes are worked on at once.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        /// <summary>When true (the default for commands that change state) the nodes must be named.</summary>
        protected virtual bool RequiresExplicitTargets => true;

        /// <summary>The words shown by -WhatIf / -Confirm for one node; null means no ShouldProcess (read-only).</summary>
        protected virtual string? ShouldProcessAction => null;

        protected virtual string Activity => MyInvocation.MyCommand.Name;

        protected override void ProcessRecord()
        {
            if (Session != null)
            {
                _anyTargetNamed = true;
                foreach (var session in Session) _targets.Add(session);
                return;
            }
            var names = Node?.Select(n => n.ComputerName).ToArray() ?? ComputerName;
            if (names == null) return;
            _anyTargetNamed = true;
            foreach (var name in names)
            {
                if (_targets.Resolve(name, ModuleState.Current.Sessions)) continue;
                _failed.Add(name);
                WriteNodeError("SessionNotFound", ErrorCategory.ObjectNotFound,
                    $"No session named '{name}'. Open one with New-GatewaySession or New-GatewayLab; Get-GatewaySession lists the open ones.", name);
            }
        }

        protected override void EndProcessing()
        {
            if (!_anyTargetNamed)
            {
                if (RequiresExplicitTargets)
                    ThrowTerminating("NoTarget", ErrorCategory.InvalidArgument,
                        "Name the nodes to act on with -ComputerName or -Session, or pipe them in (for example from Get-GatewayNode).", null);
                foreach (var session in ModuleState.Current.Sessions.All()) _targets.Add(session);
                if (_targets.Sessions.Count == 0) WriteWarning(NothingOpen);
            }
            BeforeRun(_targets.Sessions);
            var approved = ShouldProcessAction is { } action
                ? _targets.Sessions.Where(s => ShouldProcess(s.ComputerName, action)).ToList()
                : _targets.Sessions;
            if (ShouldProcessAction != null)
                foreach (var session in approved) ModuleState.Current.NodeCache.Forget(session.ComputerName); // about to change
            if (approved.Count > 0) Run(approved);
        }

        /// <summary>What a command that acts on every open node says when none is open.</summary>
        internal const string NothingOpen =
            "No node is open. Open appliances with New-GatewaySession -ComputerName <address> -Credential <credential> (or -InventoryPath <file>), " +
            "or make the embedded lab with New-GatewayLab -Preset KB80406; Get-GatewaySession lists what is open.";

        /// <summary>A hook to check all targets together before anything runs (may throw a terminating error).</summary>
        protected virtual void BeforeRun(IReadOnlyList<GatewaySession> targets) { }

        protected abstract void Run(IReadOnlyList<GatewaySession> sessions);

        /// <summary>
        /// Runs <paramref name="operation"/> on every session in parallel. Progress and log records are
        /// written on the pipeline thread as they happen; results (through <paramref name="write"/>) and
        /// per-node errors in input order.
        /// </summary>
        protected void RunParallel<T>(IReadOnlyList<GatewaySession> sessions, Func<GatewaySession, GatewayClient, CancellationToken, Task<T>> operation, Action<T> write)
        {
            var total = sessions.Count;
            var activityId = Math.Abs(GetHashCode() % 10000) + 1;
            var outcomes = FanOut.Run(sessions, s => s.ComputerName,
                (session, token) => operation(session, session.CreateClient(Log), token),
                ThrottleLimit, StopToken, Mailbox, (finished, done) =>
                {
                    if (total > 1)
                        WriteProgress(new ProgressRecord(activityId, Activity, $"{done} of {total} nodes done (last: {finished.ComputerName})")
                        { PercentComplete = done * 100 / total });
                });
            foreach (var outcome in outcomes)
            {
                if (outcome.Succeeded)
                {
                    if (outcome.Value is GatewayNode node && ModuleState.Current.Sessions.TryGet(outcome.ComputerName, out var source))
                        ModuleState.Current.NodeCache.Record(source, node);
                    write(outcome.Value!);
                }
                else
                {
                    _failed.Add(outcome.ComputerName);
                    if (!(outcome.Error is OperationCanceledException && StopToken.IsCancellationRequested))
                        WriteNodeError(outcome.Error!, outcome.ComputerName);
                }
            }
            FlushLog();
            if (total > 1) WriteProgress(new ProgressRecord(activityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>
        /// Runs a state change on every node in parallel; with <paramref name="passThru"/>, reads each node
        /// again after its change and writes it.
        /// </summary>
        protected void RunChange(IReadOnlyList<GatewaySession> sessions, bool passThru, Func<GatewaySession, GatewayClient, CancellationToken, Task> change)
        {
            RunParallel(sessions, async (session, client, token) =>
            {
                await change(session, client, token).ConfigureAwait(false);
                return passThru ? await client.GetStatusAsync(token).ConfigureAwait(false) : null;
            }, WriteNode);
        }

        /// <summary>Writes a node with the module's type name; null (nothing to pass through) writes nothing.</summary>
        protected void WriteNode(GatewayNode? node)
        {
            if (node != null) WriteObject(Typed(new NodeOutput(node), TypeNames.Node));
        }
    }
}
