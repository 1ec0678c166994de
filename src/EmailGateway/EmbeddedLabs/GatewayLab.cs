using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Execution;
using EmailGateway.Lab.Fleet;
using EmailGateway.Lab.World;
using EmailGateway.Model;

namespace EmailGateway.Commands.EmbeddedLabs
{
    /// <summary>An embedded lab as the module holds it: its segments (each a simulated world) and the session names of its nodes.</summary>
    public sealed class GatewayLab
    {
        internal GatewayLab(string name, string source, string prefix, LabFleet fleet)
        {
            Name = name;
            Source = source;
            Prefix = prefix;
            Fleet = fleet;
            // Journals of runs on this lab live with it and go when it is removed: one folder per lab and process,
            // made directly in the temporary folder, since a shared parent made by one user would refuse the others.
            JournalFolder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"EmailGateway-lab-{CurrentProcess.Id}-{name}-{Guid.NewGuid():N}");
        }

        public string Name { get; }

        /// <summary>The preset or file it was made from.</summary>
        public string Source { get; }

        /// <summary>Prepended to node names to form session names.</summary>
        public string Prefix { get; }

        /// <summary>The network segments its nodes sit in, as their sessions carry them: the lab's name, or &lt;lab&gt;/&lt;segment&gt; for each of several.</summary>
        public IReadOnlyList<string> Segments => Fleet.Segments.Select(w => Fleet.SegmentName(Name, w)).ToList();

        /// <summary>The lab's virtual time now (the latest of its segments).</summary>
        public DateTimeOffset Now => Fleet.Now;

        /// <summary>Virtual seconds since the lab began (the latest of its segments).</summary>
        public double ElapsedSeconds => Durations.Seconds(Fleet.Elapsed);

        public IReadOnlyList<string> Nodes => Fleet.NodeNames.Select(n => Prefix + n).ToList();

        public int Violations => Fleet.Segments.Sum(w => w.GetReport().Violations.Count);

        // Column names of the default views, so what a table prints is what Where-Object, Sort-Object and Select-Object take.
        public double Elapsed => ElapsedSeconds;

        internal LabFleet Fleet { get; }

        /// <summary>The segment name a world's sessions carry.</summary>
        internal string SegmentOf(LabWorld world) => Fleet.SegmentName(Name, world);

        /// <summary>Where upgrade runs on this lab keep their journals by default; removed with the lab.</summary>
        internal string JournalFolder { get; }

        public override string ToString() => Name;
    }
}
