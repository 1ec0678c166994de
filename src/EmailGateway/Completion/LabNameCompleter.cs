using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EmailGateway.Commands.Infrastructure;

namespace EmailGateway.Commands.Completion
{
    /// <summary>Completes lab names (-LabName, and -Name of the lab cmdlets) with the labs that exist.</summary>
    public sealed class LabNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.PatternFor(wordToComplete);
            return ModuleState.Sessions.All()
                .Where(s => s.LabName != null)
                .GroupBy(s => s.LabName!, StringComparer.OrdinalIgnoreCase)
                .Where(g => pattern.IsMatch(g.Key))
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => new CompletionResult(CompletionText.Quote(g.Key), g.Key, CompletionResultType.ParameterValue,
                    $"Lab {g.Key}: {string.Join(", ", g.Select(s => s.ComputerName))}"))
                .ToList();
        }
    }
}
