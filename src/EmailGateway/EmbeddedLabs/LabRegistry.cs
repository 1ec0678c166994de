using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Lab.Rehearsal;
using EmailGateway.Lab.World;
using EmailGateway.Sessions;
using EmailGateway.Upgrade.Planning;
using EmailGateway.Upgrade.Runs;

namespace EmailGateway.Commands.EmbeddedLabs
{
    /// <summary>The module's labs; adding one registers a session per node, removing it closes them.</summary>
    internal static class LabRegistry
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, GatewayLab> Labs = new Dictionary<string, GatewayLab>(StringComparer.OrdinalIgnoreCase);

        public static GatewayLab Add(string name, string source, string prefix, LabWorld world)
        {
            lock (Gate)
            {
                if (Labs.ContainsKey(name)) throw new InvalidOperationException($"A lab named '{name}' already exists. Remove it (Remove-GatewayLab) or choose another -Name.");
                var lab = new GatewayLab(name, source, prefix, world);
                var taken = lab.Nodes.Where(n => ModuleState.Sessions.TryGet(n, out _)).ToList();
                if (taken.Count > 0)
                    throw new InvalidOperationException($"Session names {string.Join(", ", taken)} are in use. Remove those sessions or labs, or give this lab a -Prefix.");
                var added = new List<string>();
                foreach (var node in world.NodeNames)
                {
                    var session = new GatewaySession(new NamedTransport(world.CreateTransport(node), prefix + node), labName: name);
                    ModuleState.Sessions.Add(session);
                    added.Add(session.ComputerName);
                }
                Labs.Add(name, lab);
                return lab;
            }
        }

        public static IReadOnlyList<GatewayLab> All()
        {
            lock (Gate) return Labs.Values.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        public static bool TryGet(string name, out GatewayLab lab)
        {
            lock (Gate) return Labs.TryGetValue(name, out lab!);
        }

        /// <summary>What an upgrade of these sessions' nodes gets from their lab (timings, mail account); real appliances get nothing.</summary>
        public static UpgradeSite SiteOf(IReadOnlyList<GatewaySession> sessions)
        {
            var labs = sessions.Select(s => s.LabName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (labs.Count != 1 || labs[0] is null || !TryGet(labs[0]!, out var lab)) return UpgradeSite.Appliances;
            var t = lab.World.Settings.Timings;
            return new UpgradeSite(lab.Name, new PlanTimings { Update = t.Update, Restart = t.Restart, VrrpTakeover = t.VrrpTakeover, Drain = t.QueueHold },
                new LabServiceAccount(lab.World, lab.Prefix), lab.JournalFolder);
        }

        /// <summary>The journal folders of the open labs, where -Resume looks besides the default folder.</summary>
        public static IEnumerable<string> JournalFolders() => All().Select(l => l.JournalFolder);

        public static void Remove(string name)
        {
            lock (Gate)
            {
                if (Labs.TryGetValue(name, out var lab)) DeleteFolder(lab.JournalFolder);
                Labs.Remove(name);
                ModuleState.Sessions.RemoveLab(name);
            }
        }

        private static void DeleteFolder(string folder)
        {
            try
            {
                if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                // A journal held open elsewhere stays; the lab is gone either way.
            }
        }
    }
}
