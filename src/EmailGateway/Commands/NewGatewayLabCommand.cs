using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Lab.Description;
using EmailGateway.Lab.Fleet;
using EmailGateway.Lab.World;
using EmailGateway.Model;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Creates an embedded lab (the KB80406 world simulated on a virtual clock) from a preset, a YAML
    /// description, or nodes read from live appliances (a twin for rehearsal). Its nodes become sessions.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "GatewayLab", DefaultParameterSetName = PresetSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GatewayLab))]
    public sealed class NewGatewayLabCommand : GatewayCmdlet
    {
        private const string PresetSet = "Preset";
        private const string PathSet = "Path";
        private const string TwinSet = "Twin";
        private readonly List<GatewayNode> _nodes = new List<GatewayNode>();

        /// <summary>Healthy (one build, in sync), KB80406 (the failover on the next Patch, online beside the master), or Fleet (many sites, each its own segment with one cluster of the same id).</summary>
        [Parameter(ParameterSetName = PresetSet, Position = 0)]
        [ValidateSet(LabPresets.Healthy, LabPresets.KB80406, FleetPreset.Name, IgnoreCase = true)]
        public string Preset { get; set; } = LabPresets.Healthy;

        /// <summary>-Preset Fleet only: how many sites (segments), 1-1000.</summary>
        [Parameter(ParameterSetName = PresetSet)]
        [ValidateRange(1, FleetPresetSize.MaxSites)]
        public int Sites { get; set; } = new FleetPresetSize().Sites;

        /// <summary>-Preset Fleet only: how many scanners each site has besides its master and failover, 0-16.</summary>
        [Parameter(ParameterSetName = PresetSet)]
        [ValidateRange(0, FleetPresetSize.MaxScanners)]
        public int ScannersPerSite { get; set; } = new FleetPresetSize().ScannersPerSite;

        /// <summary>A YAML lab description; binds from a piped file's FullName (one lab per file).</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Nodes (from Get-GatewayNode) whose state the lab copies.</summary>
        [Parameter(ParameterSetName = TwinSet, Mandatory = true, ValueFromPipeline = true)]
        [Alias("InputObject")]
        [ValidateNotNull]
        public GatewayNode[]? Node { get; set; }

        /// <summary>The lab's name; defaults to the preset, the file's base name, or Twin.</summary>
        [Parameter]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
        public string? Name { get; set; }

        /// <summary>Prepended to node names to make session names, so a lab can sit beside sessions of the same names.</summary>
        [Parameter]
        [ValidatePattern(@"^[A-Za-z0-9._-]{0,32}$")]
        public string Prefix { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            if (Node != null) _nodes.AddRange(Node);
            if (ParameterSetName == PathSet) Create(); // each description piped in makes its own lab
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != PathSet) Create();
        }

        private void Create()
        {
            var (world, source, defaultName) = Build();
            var name = Name ?? defaultName;
            if (!ShouldProcess(name, $"Create lab from {source}")) return;
            try
            {
                var lab = ModuleState.Current.Labs.Add(name, source, Prefix, world);
                if (lab.Segments.Count > 1) WriteVerbose($"Lab {name}: {lab.Segments.Count} segments ({string.Join(", ", lab.Segments.Take(5))}{(lab.Segments.Count > 5 ? ", ..." : string.Empty)}).");
                WriteInformation(new InformationRecord($"Lab {name}: nodes {string.Join(", ", lab.Nodes)} are open as sessions.", MyInvocation.MyCommand.Name));
                WriteObject(Typed(lab, TypeNames.Lab));
            }
            catch (InvalidOperationException ex)
            {
                ThrowTerminating("NameInUse", ErrorCategory.ResourceExists, ex.Message, name);
            }
        }

        private (LabFleet World, string Source, string DefaultName) Build()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case PathSet:
                        var resolved = GetUnresolvedProviderPathFromPSPath(Path);
                        return (LabFleet.FromYamlFile(resolved), resolved, System.IO.Path.GetFileNameWithoutExtension(resolved));
                    case TwinSet:
                        if (_nodes.Count == 0) ThrowTerminating("NoNodes", ErrorCategory.InvalidArgument, "No nodes were piped in to copy.", null);
                        return (LabFleet.FromNodes(_nodes), _nodes.Count <= 8 ? $"twin of {string.Join(", ", _nodes.ConvertAll(n => n.ComputerName))}" : $"twin of {_nodes.Count} nodes", "Twin");
                    default:
                        if (string.Equals(Preset, FleetPreset.Name, StringComparison.OrdinalIgnoreCase))
                            return (FleetPreset.Create(new FleetPresetSize { Sites = Sites, ScannersPerSite = ScannersPerSite }),
                                $"preset {FleetPreset.Name} ({Sites} sites)", FleetPreset.Name);
                        if (MyInvocation.BoundParameters.ContainsKey(nameof(Sites)) || MyInvocation.BoundParameters.ContainsKey(nameof(ScannersPerSite)))
                            ThrowTerminating("SizeWithoutFleet", ErrorCategory.InvalidArgument, "-Sites and -ScannersPerSite size the Fleet preset; use them with -Preset Fleet.", Preset);
                        var preset = LabPresets.Canonical(Preset);
                        return (new LabFleet(LabWorld.FromPreset(preset)), "preset " + preset, preset);
                }
            }
            catch (LabDescriptionException ex)
            {
                ThrowTerminating("InvalidDefinition", ErrorCategory.InvalidData, ex.Message, Path);
            }
            catch (FileNotFoundException ex)
            {
                ThrowTerminating("FileNotFound", ErrorCategory.ObjectNotFound, ex.Message, Path);
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException)
            {
                ThrowTerminating("InvalidDefinition", ErrorCategory.InvalidData, ex.Message, Path);
            }
            return default;
        }
    }
}
