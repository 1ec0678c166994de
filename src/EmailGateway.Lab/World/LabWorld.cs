using System;
using System.Threading;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.Shell;
using EmailGateway.Lab.Time;
using EmailGateway.Model;

namespace EmailGateway.Lab.World
{
    /// <summary>
    /// A simulated segment of appliances that follows the rules of KB80406 (en-US/about_EmailGateway_Lab.help.txt) on a
    /// virtual clock. The world owns the nodes, the clock and the lock, and composes the parts that each own their
    /// state: configuration sync (<see cref="ConfigSync"/>), who serves the virtual IP (<see cref="VirtualIpElection"/>),
    /// the mail stream (<see cref="MailStream"/>), uploads (<see cref="UploadStore"/>) and the timeline with the
    /// invariant violations (<see cref="LabHistory"/>); faults sit on each node. All state sits behind one lock, so
    /// commands may arrive from many threads. Appliance operations go through <see cref="Shell"/> (protocol text)
    /// or a <see cref="LabTransport"/>; the methods here are the lab's own controls: time, faults, report, persistence.
    /// </summary>
    public sealed partial class LabWorld
    {
        private readonly object _gate = new object();
        private readonly List<LabNode> _nodes;
        private readonly Dictionary<string, LabNode> _byName;
        private readonly LabSettings _settings;
        private readonly Dictionary<string, string> _annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly LabHistory _history = new LabHistory();
        private readonly ConfigSync _sync;
        private readonly VirtualIpElection _election;
        private readonly MailStream _mail;
        private readonly UploadStore _uploads = new UploadStore();
        private TimeSpan _elapsed;

        internal LabWorld(LabSettings settings, IEnumerable<LabNode> nodes)
        {
            _settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Clone();
            _settings.Validate();
            _nodes = nodes.ToList();
            if (_nodes.Count == 0) throw new ArgumentException("A lab needs at least one node.", nameof(nodes));
            _byName = new Dictionary<string, LabNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var node in _nodes)
            {
                if (_byName.ContainsKey(node.Name)) throw new ArgumentException($"The lab has two nodes named '{node.Name}'.", nameof(nodes));
                _byName.Add(node.Name, node);
            }
            _sync = new ConfigSync(Note);
            _election = new VirtualIpElection(_settings, Note);
            _mail = new MailStream(_settings, _history);
            Clock = new LabClock(this);
            Shell = new ApplianceShell(this);
        }

        /// <summary>Starts a fresh lab: the first push and VIP election happen at once, as in a cluster that has been up a while.</summary>
        internal static LabWorld Start(LabSettings settings, IEnumerable<LabNode> nodes)
        {
            var world = new LabWorld(settings, nodes);
            lock (world._gate)
            {
                world._sync.NextPush = world._settings.Timings.ConfigPushInterval;
                world.Note($"lab starts with {world._nodes.Count} node(s): {string.Join(", ", world._nodes.Select(n => n.Name))}");
                world.Settle(initial: true);
            }
            return world;
        }

        internal object Gate => _gate;

        public LabClock Clock { get; }

        /// <summary>The appliance command shell of every node of this lab.</summary>
        public ApplianceShell Shell { get; }

        public string Name => _settings.Name;

        /// <summary>A copy of the lab's settings.</summary>
        public LabSettings Settings => _settings.Clone();

        public DateTimeOffset Now
        {
            get { lock (_gate) return _settings.Start + _elapsed; }
        }

        public TimeSpan Elapsed
        {
            get { lock (_gate) return _elapsed; }
        }

        public IReadOnlyList<string> NodeNames => _nodes.Select(n => n.Name).ToList();

        /// <summary>
        /// When set, uploads live as files under <c>&lt;UploadRoot&gt;/&lt;node&gt;/var/tmp/updates/</c> (so a file
        /// transfer server can write them); when null they are kept in memory and saved with the state.
        /// </summary>
        public string? UploadRoot
        {
            get { lock (_gate) return _uploads.Root; }
            set { lock (_gate) _uploads.Root = value; }
        }

        /// <summary>Free-form values saved with the state (a host program keeps its real-time anchor here).</summary>
        public IDictionary<string, string> Annotations
        {
            get { lock (_gate) return new Dictionary<string, string>(_annotations, StringComparer.Ordinal); }
        }

        public void SetAnnotation(string key, string? value)
        {
            if (string.IsNullOrEmpty(key)) throw new ArgumentException("An annotation needs a key.", nameof(key));
            lock (_gate)
            {
                if (value is null) _annotations.Remove(key);
                else _annotations[key] = value;
            }
        }

        public bool HasNode(string name) => name != null && _byName.ContainsKey(name);

        /// <summary>The node as <c>show status</c> would describe it now (a read of the lab, not a command).</summary>
        public GatewayNode GetStatus(string nodeName)
        {
            lock (_gate) return Node(nodeName).ToStatus(_settings.Start + _elapsed);
        }

        public IReadOnlyList<GatewayNode> GetStatuses()
        {
            lock (_gate) return _nodes.Select(n => n.ToStatus(_settings.Start + _elapsed)).ToList();
        }

        /// <summary>Moves lab time forward to <paramref name="time"/>, running every event due on the way. Earlier times change nothing.</summary>
        public void AdvanceTo(DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            lock (_gate) AdvanceToElapsed(time - _settings.Start, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }

        /// <summary>The longest single advance: lab time runs event by event (pushes, boots, takeovers), so its cost grows with the span.</summary>
        public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(30);

        /// <summary>
        /// Lets <paramref name="duration"/> of lab time pass (at most <see cref="MaxAdvance"/>). A cancelled advance stops after the
        /// event it is at, with the lab consistent at that time, and throws <see cref="OperationCanceledException"/>.
        /// </summary>
        public void Advance(TimeSpan duration, CancellationToken cancellationToken = default)
        {
            if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "Lab time cannot go backwards.");
            if (duration > MaxAdvance)
                throw new ArgumentOutOfRangeException(nameof(duration), duration, $"A lab advances at most {MaxAdvance.TotalDays:0} days at a time.");
            lock (_gate) AdvanceToElapsed(_elapsed + duration, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }

        public void InjectFault(string nodeName, LabFaultKind kind, int count = 1)
        {
            lock (_gate)
            {
                var node = Node(nodeName);
                switch (kind)
                {
                    case LabFaultKind.UpdateFails: node.Faults.UpdateFails = true; break;
                    case LabFaultKind.UpdateNeverReturns: node.Faults.UpdateNeverReturns = true; break;
                    case LabFaultKind.CorruptUpload: node.Faults.CorruptUpload = true; break;
                    case LabFaultKind.Unreachable: node.Faults.Unreachable = true; break;
                    case LabFaultKind.FailCommands:
                        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "The number of failing commands must be 1 or more.");
                        node.Faults.FailingCommands = count;
                        break;
                    default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault.");
                }
                Note($"{node.Name}: fault injected: {node.Faults}");
            }
        }

        /// <summary>Clears every fault of a node. A node hung in an update is then power-cycled back onto its old build.</summary>
        public void ClearFaults(string nodeName)
        {
            lock (_gate)
            {
                var node = Node(nodeName);
                node.Faults = new LabFaults();
                Note($"{node.Name}: faults cleared");
                if (node.Boot is { DueAt: null })
                {
                    node.Boot = new PendingBoot { Reason = BootReason.PowerCycle, DueAt = _elapsed + _settings.Timings.Restart };
                    node.Power = PowerState.Rebooting;
                    Note($"{node.Name}: hung update power-cycled; back on {node.Build} in {_settings.Timings.Restart}");
                }
                Settle();
            }
        }

        public LabFaults GetFaults(string nodeName)
        {
            lock (_gate) return Node(nodeName).Faults.Clone();
        }

        /// <summary>A transport that speaks the appliance protocol to one node of this lab.</summary>
        public LabTransport CreateTransport(string nodeName)
        {
            lock (_gate) return new LabTransport(this, Node(nodeName).Name);
        }

        public LabReport GetReport()
        {
            lock (_gate)
            {
                var report = new LabReport
                {
                    LabName = _settings.Name,
                    StartedAt = _settings.Start,
                    Now = _settings.Start + _elapsed,
                    Violations = _history.Violations,
                    Timeline = _history.Timeline,
                };
                _mail.AddTo(report);
                return report;
            }
        }

        internal LabNode Node(string name)
        {
            if (name != null && _byName.TryGetValue(name, out var node)) return node;
            throw new ArgumentException($"The lab '{_settings.Name}' has no node '{name}'. Its nodes: {string.Join(", ", _nodes.Select(n => n.Name))}.", nameof(name));
        }

        internal DateTimeOffset NowUnlocked => _settings.Start + _elapsed;

        internal TimeSpan ElapsedUnlocked => _elapsed;

        internal LabTimings Timings => _settings.Timings;

        internal IEnumerable<LabNode> Nodes => _nodes;

        internal void Note(string text) => _history.Note(NowUnlocked, text);
    }
}
