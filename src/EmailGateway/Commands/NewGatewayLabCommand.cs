using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Commands.EmbeddedLabs;
using EmailGateway.Lab.Description;
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

        /// <summary>Healthy (one build, in sync) or KB80406 (the failover on the next Patch, online beside the master).</summary>
        [Parameter(ParameterSetName = PresetSet, Position = 0)]
        [ValidateSet(LabPresets.Healthy, LabPresets.KB80406, IgnoreCase = true)]
        public string Preset { get; set; } = LabPresets.Healthy;

        /// <summary>A YAML lab description.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true)]
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
        }

        protected override void EndProcessing()
        {
            var (world, source, defaultName) = Build();
            var name = Name ?? defaultName;
            if (!ShouldProcess(name, $"Create lab from {source}")) return;
            try
            {
                var lab = LabRegistry.Add(name, source, Prefix, world);
                WriteInformation(new InformationRecord($"Lab {name}: nodes {string.Join(", ", lab.Nodes)} are open as sessions.", MyInvocation.MyCommand.Name));
                WriteObject(Typed(lab, TypeNames.Lab));
            }
            catch (InvalidOperationException ex)
            {
                ThrowTerminating("NameInUse", ErrorCategory.ResourceExists, ex.Message, name);
            }
        }

        private (LabWorld World, string Source, string DefaultName) Build()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case PathSet:
                        var resolved = GetUnresolvedProviderPathFromPSPath(Path);
                        return (LabWorld.FromYamlFile(resolved), resolved, System.IO.Path.GetFileNameWithoutExtension(resolved));
                    case TwinSet:
                        if (_nodes.Count == 0) ThrowTerminating("NoNodes", ErrorCategory.InvalidArgument, "No nodes were piped in to copy.", null);
                        return (LabWorld.FromNodes(_nodes), $"twin of {string.Join(", ", _nodes.ConvertAll(n => n.ComputerName))}", "Twin");
                    default:
                        var preset = LabPresets.Canonical(Preset);
                        return (LabWorld.FromPreset(preset), "preset " + preset, preset);
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
