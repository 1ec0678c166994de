using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using EmailGateway.Commands.Infrastructure;

namespace EmailGateway.Commands.Completion
{
    /// <summary>
    /// Completes -ClusterId with the identifiers seen on the open sessions' nodes: the last status read
    /// (any cmdlet that reads nodes refreshes it), plus a quick read of nodes not seen yet. When
    /// -ComputerName or -Segment is already given, only those nodes count.
    /// </summary>
    public sealed class ClusterIdCompleter : IArgumentCompleter
    {
        /// <summary>How long completion may spend reading nodes it has not seen yet.</summary>
        internal static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(1.5);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var sessions = ModuleState.Current.Sessions.All();
                var named = CompletionText.BoundNames(fakeBoundParameters, "ComputerName");
                if (named.Count > 0)
                {
                    var patterns = named.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
                    sessions = sessions.Where(s => patterns.Any(p => p.IsMatch(s.ComputerName))).ToList();
                }
                var segments = CompletionText.BoundNames(fakeBoundParameters, "Segment");
                if (segments.Count > 0) sessions = sessions.Where(s => Model.SegmentName.MatchesAny(segments, s.Segment)).ToList();
                var clusters = ModuleState.Current.NodeCache.KnownClustersAsync(sessions, ReadBudget, CancellationToken.None).GetAwaiter().GetResult();
                var pattern = CompletionText.PatternFor(wordToComplete);
                // One completion per id; its tooltip names every segment that uses it (sites often share an id).
                return clusters
                    .GroupBy(c => c.ClusterId)
                    .Select(g => (Clusters: g.ToList(), Text: g.Key.ToString(CultureInfo.InvariantCulture)))
                    .Where(c => pattern.IsMatch(c.Text))
                    .Select(c => new CompletionResult(c.Text, c.Text, CompletionResultType.ParameterValue, string.Join("; ", c.Clusters)))
                    .ToList();
            }
            catch (Exception)
            {
                // A completer must never break the prompt.
                return Array.Empty<CompletionResult>();
            }
        }
    }
}
