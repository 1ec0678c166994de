using System;
using System.Collections.Generic;
using EmailGateway.Lab.World;

namespace EmailGateway.Commands.EmbeddedLabs
{
    /// <summary>An embedded lab as the module holds it: the simulated world and the session names of its nodes.</summary>
    public sealed class GatewayLab
    {
        internal GatewayLab(string name, string source, string prefix, LabWorld world)
        {
            Name = name;
            Source = source;
            Prefix = prefix;
            World = world;
            // Journals of runs on this lab live with it and go when it is removed: one folder per lab and process.
            JournalFolder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "EmailGateway-labs", $"{System.Diagnostics.Process.GetCurrentProcess().Id}-{name}-{Guid.NewGuid():N}");
        }

        public string Name { get; }

        /// <summary>The preset or file it was made from.</summary>
        public string Source { get; }

        /// <summary>Prepended to node names to form session names.</summary>
        public string Prefix { get; }

        /// <summary>The lab's virtual time now.</summary>
        public DateTimeOffset Now => World.Now;

        public TimeSpan Elapsed => World.Elapsed;

        public IReadOnlyList<string> Nodes
        {
            get
            {
                var names = new List<string>();
                foreach (var node in World.NodeNames) names.Add(Prefix + node);
                return names;
            }
        }

        public int Violations => World.GetReport().Violations.Count;

        internal LabWorld World { get; }

        /// <summary>Where upgrade runs on this lab keep their journals by default; removed with the lab.</summary>
        internal string JournalFolder { get; }

        public override string ToString() => Name;
    }
}
