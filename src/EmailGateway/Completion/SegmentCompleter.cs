using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Model;

namespace EmailGateway.Commands.Completion
{
    /// <summary>Completes -Segment with the segments of the open sessions (each lab is one or more of them).</summary>
    public sealed class SegmentCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.PatternFor(wordToComplete);
            return ModuleState.Current.Sessions.All()
                .Where(s => s.Segment.Length > 0)
                .GroupBy(s => s.Segment, ClusterKey.SegmentComparer)
                .Where(g => pattern.IsMatch(g.Key))
                .OrderBy(g => g.Key, ClusterKey.SegmentComparer)
                .Select(g => new CompletionResult(CompletionText.Quote(g.Key), g.Key, CompletionResultType.ParameterValue,
                    $"segment {g.Key}: {string.Join(", ", g.Select(s => s.ComputerName).Take(8))}{(g.Count() > 8 ? $", ... ({g.Count()} nodes)" : string.Empty)}"))
                .ToList();
        }
    }
}
