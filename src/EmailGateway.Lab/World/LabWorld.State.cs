using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using EmailGateway.Lab.Monitoring;
using EmailGateway.Lab.State;
using EmailGateway.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EmailGateway.Lab.World
{
    // Persistence: the whole lab (clock, nodes, faults, uploads, report so far) as one YAML document, so
    // that several processes can serve one lab from a state file, each loading and saving under a file lock.
    public sealed partial class LabWorld
    {
        private static readonly ISerializer StateWriter = new SerializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .DisableAliases()
            .Build();

        private static readonly IDeserializer StateReader = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();

        public void Save(TextWriter writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            LabStateDocument document;
            lock (_gate) document = ToDocument();
            StateWriter.Serialize(writer, document);
        }

        public string SaveToString()
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            Save(writer);
            return writer.ToString();
        }

        /// <summary>Writes the state to <paramref name="path"/> through a temporary file, so a reader never sees half a file.</summary>
        public void Save(string path)
        {
            var full = Path.GetFullPath(path);
            var temporary = full + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, SaveToString());
            if (File.Exists(full)) File.Replace(temporary, full, null);
            else File.Move(temporary, full);
        }

        public static LabWorld Load(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The lab state file '{path}' does not exist.", path);
            return Load(new StringReader(File.ReadAllText(path)), path);
        }

        public static LabWorld LoadFromString(string text, string source = "lab state") => Load(new StringReader(text ?? string.Empty), source);

        public static LabWorld Load(TextReader reader, string source = "lab state")
        {
            LabStateDocument? document;
            try
            {
                document = StateReader.Deserialize<LabStateDocument>(reader);
            }
            catch (YamlException ex)
            {
                throw new FormatException($"The lab state '{source}' is not readable (line {ex.Start.Line}): {(ex.InnerException ?? ex).Message}", ex);
            }
            if (document is null || document.Nodes.Count == 0) throw new FormatException($"The lab state '{source}' is empty.");
            if (document.Format != 1) throw new FormatException($"The lab state '{source}' has format {document.Format}; this version reads format 1.");
            try
            {
                return FromDocument(document);
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException || ex is OverflowException)
            {
                throw new FormatException($"The lab state '{source}' is not valid: {ex.Message}", ex);
            }
        }

        private LabStateDocument ToDocument()
        {
            var document = NodesAndSettings();
            _sync.SaveTo(document);
            _history.SaveTo(document, _settings.Start);
            return document;
        }

        private LabStateDocument NodesAndSettings() => new LabStateDocument
        {
            Name = _settings.Name,
            Segment = _settings.Segment,
            Start = _settings.Start.ToString("o", CultureInfo.InvariantCulture),
            VirtualIp = _settings.VirtualIp,
            MailPerSecond = _settings.MailPerSecond.ToString("R", CultureInfo.InvariantCulture),
            Timings = new TimingsState
            {
                Update = Timings.Update.Ticks,
                Restart = Timings.Restart.Ticks,
                VrrpTakeover = Timings.VrrpTakeover.Ticks,
                ConfigPush = Timings.ConfigPushInterval.Ticks,
                QueueHold = Timings.QueueHold.Ticks,
            },
            Elapsed = _elapsed.Ticks,
            UploadRoot = _uploads.Root,
            Annotations = new Dictionary<string, string>(_annotations),
            Mail = _mail.ToState(),
            Nodes = _nodes.Select(n => new NodeState
            {
                Name = n.Name,
                Hostname = n.Hostname,
                Product = n.Product,
                Build = n.Build.ToString(),
                Mode = ModeNames.ToWire(n.Mode),
                ClusterId = n.ClusterId,
                VirtualIp = n.VirtualIp,
                Scanning = n.Scanning,
                Network = ModeNames.ToWire(n.Network),
                Address = n.Address,
                ConfiguredHelo = n.ConfiguredHelo,
                Revision = n.Revision,
                Sync = ModeNames.ToWire(n.Sync),
                Power = ModeNames.ToWire(n.Power),
                BootReason = n.Boot?.Reason.ToString(),
                BootDue = n.Boot?.DueAt?.Ticks,
                BootTarget = n.Boot?.TargetBuild?.ToString(),
                Queue = n.Queue.Select(t => t.Ticks).ToList(),
                VipClaimSince = n.VipClaimSince?.Ticks,
                VrrpActive = n.VrrpActive,
                ActiveSince = n.ActiveSince.Ticks,
                WasUp = n.WasUp,
                RejectionNoted = n.RejectionNoted,
                Faults = new FaultState
                {
                    UpdateFails = n.Faults.UpdateFails,
                    UpdateNeverReturns = n.Faults.UpdateNeverReturns,
                    FailingCommands = n.Faults.FailingCommands,
                    CorruptUpload = n.Faults.CorruptUpload,
                    Unreachable = n.Faults.Unreachable,
                },
                Uploads = n.Uploads.ToDictionary(u => u.Key, u => Convert.ToBase64String(u.Value), StringComparer.Ordinal),
            }).ToList(),
        };

        private static LabWorld FromDocument(LabStateDocument d)
        {
            var settings = new LabSettings
            {
                Name = d.Name,
                Segment = d.Segment,
                Start = DateTimeOffset.Parse(d.Start, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                VirtualIp = d.VirtualIp,
                MailPerSecond = double.Parse(d.MailPerSecond, NumberStyles.Float, CultureInfo.InvariantCulture),
                Timings =
                {
                    Update = TimeSpan.FromTicks(d.Timings.Update),
                    Restart = TimeSpan.FromTicks(d.Timings.Restart),
                    VrrpTakeover = TimeSpan.FromTicks(d.Timings.VrrpTakeover),
                    ConfigPushInterval = TimeSpan.FromTicks(d.Timings.ConfigPush),
                    QueueHold = TimeSpan.FromTicks(d.Timings.QueueHold),
                },
            };
            var nodes = d.Nodes.Select(s =>
            {
                var node = new LabNode(s.Name)
                {
                    Hostname = s.Hostname,
                    Product = s.Product,
                    Build = GatewayBuild.Parse(s.Build),
                    Mode = ModeNames.ParseMode(s.Mode),
                    ClusterId = new ClusterId(s.ClusterId),
                    VirtualIp = s.VirtualIp,
                    Scanning = s.Scanning,
                    Network = ModeNames.ParseNetwork(s.Network),
                    Address = s.Address,
                    ConfiguredHelo = s.ConfiguredHelo,
                    Revision = s.Revision,
                    Sync = ModeNames.ParseSync(s.Sync),
                    Power = ModeNames.ParsePower(s.Power),
                    VipClaimSince = s.VipClaimSince is { } claim ? TimeSpan.FromTicks(claim) : (TimeSpan?)null,
                    VrrpActive = s.VrrpActive,
                    ActiveSince = TimeSpan.FromTicks(s.ActiveSince),
                    WasUp = s.WasUp,
                    RejectionNoted = s.RejectionNoted,
                    Faults = new LabFaults
                    {
                        UpdateFails = s.Faults.UpdateFails,
                        UpdateNeverReturns = s.Faults.UpdateNeverReturns,
                        FailingCommands = s.Faults.FailingCommands,
                        CorruptUpload = s.Faults.CorruptUpload,
                        Unreachable = s.Faults.Unreachable,
                    },
                };
                if (s.BootReason != null)
                {
                    node.Boot = new PendingBoot
                    {
                        Reason = (BootReason)Enum.Parse(typeof(BootReason), s.BootReason, ignoreCase: false),
                        DueAt = s.BootDue is { } due ? TimeSpan.FromTicks(due) : (TimeSpan?)null,
                        TargetBuild = s.BootTarget is null ? null : GatewayBuild.Parse(s.BootTarget),
                    };
                }
                node.Queue.AddRange(s.Queue.Select(TimeSpan.FromTicks));
                foreach (var upload in s.Uploads) node.Uploads[upload.Key] = Convert.FromBase64String(upload.Value);
                return node;
            });

            var world = new LabWorld(settings, nodes) { _elapsed = TimeSpan.FromTicks(d.Elapsed) };
            world._uploads.Root = d.UploadRoot;
            world._mail.LoadFrom(d.Mail);
            world._sync.LoadFrom(d);
            world._history.LoadFrom(d, settings.Start);
            foreach (var pair in d.Annotations) world._annotations[pair.Key] = pair.Value;
            return world;
        }
    }
}
