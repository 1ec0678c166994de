using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using EmailGateway.Model;
using EmailGateway.Upgrade.Planning;

namespace EmailGateway.Upgrade.Journal
{
    /// <summary>
    /// Why a journal's plan can be believed: it records its step count and the SHA-256 of its plan (every field
    /// but the run's history and state), written once when the run starts. -Resume recomputes both, so a journal
    /// cut short, edited by hand or written by something else is refused before any node is touched.
    /// </summary>
    public static class JournalIntegrity
    {
        /// <summary>The digest of <paramref name="document"/>'s plan: its canonical YAML without the fields a run changes.</summary>
        public static string PlanDigest(JournalDocument document, Func<object, string> serialize)
        {
            var plan = document.PlanOnly();
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(serialize(plan)));
            var text = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) text.Append(b.ToString("x2"));
            return text.ToString();
        }

        /// <summary>Throws <see cref="UpgradeJournalException"/> unless the document is a complete, unchanged plan of this format.</summary>
        public static void Check(JournalDocument? document, string path, Func<object, string> serialize)
        {
            if (document is null || document.Steps.Count == 0 && document.Nodes.Count == 0 && document.PlanDigest is null)
                throw new UpgradeJournalException(UpgradeJournalException.UnsupportedFormat, path, $"'{path}' is not an upgrade journal: it holds no plan.");
            if (document.Format != JournalDocument.CurrentFormat)
                throw new UpgradeJournalException(UpgradeJournalException.UnsupportedFormat, path,
                    $"The upgrade journal '{path}' has format {document.Format}; this version reads format {JournalDocument.CurrentFormat} only" +
                    (document.Format < JournalDocument.CurrentFormat ? ", whose plan carries a digest. Finish that run with the version that started it, or start a new run." : "."));
            if (document.PlanSteps is null || string.IsNullOrEmpty(document.PlanDigest))
                throw new UpgradeJournalException(UpgradeJournalException.Incomplete, path, $"The upgrade journal '{path}' records no step count or plan digest; it is cut short or was not written by this module.");
            var indexes = document.Steps.Select(s => s.Index).ToList();
            if (document.Steps.Count != document.PlanSteps || !indexes.SequenceEqual(Enumerable.Range(1, indexes.Count)))
                throw new UpgradeJournalException(UpgradeJournalException.Incomplete, path,
                    $"The upgrade journal '{path}' is incomplete: its plan has {document.PlanSteps} steps, but the file holds {document.Steps.Count}" +
                    (document.Steps.Count > 0 ? $" (steps {string.Join(", ", indexes.Take(12))}{(indexes.Count > 12 ? ", ..." : string.Empty)})" : string.Empty) +
                    ". Nothing was changed; it cannot drive a run.");
            var actual = PlanDigest(document, serialize);
            if (!string.Equals(actual, document.PlanDigest, StringComparison.OrdinalIgnoreCase))
                throw new UpgradeJournalException(UpgradeJournalException.Altered, path,
                    $"The upgrade journal '{path}' was changed after it was written: its plan has SHA-256 {actual}, not the {document.PlanDigest} it recorded. " +
                    "Nothing was changed; it cannot drive a run.");
        }

        /// <summary>The nodes that are other appliances than the journal recorded (by hostname), as "name: was X, now Y".</summary>
        public static IReadOnlyList<string> OtherAppliances(UpgradePlan plan, IEnumerable<GatewayNode> nodes)
        {
            var live = nodes.GroupBy(n => n.ComputerName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            return plan.Nodes
                .Where(n => !string.IsNullOrEmpty(n.Hostname) && live.TryGetValue(n.ComputerName, out var now) && !string.IsNullOrEmpty(now.Hostname)
                            && !string.Equals(n.Hostname, now.Hostname, StringComparison.OrdinalIgnoreCase))
                .Select(n => $"{n.ComputerName}: was {n.Hostname}, now {live[n.ComputerName].Hostname}")
                .ToList();
        }
    }
}
