using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EmailGateway.Commands.EmbeddedLabs;
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
            return ModuleState.Current.Labs.All()
                .Where(lab => pattern.IsMatch(lab.Name))
                .Select(lab => new CompletionResult(CompletionText.Quote(lab.Name), lab.Name, CompletionResultType.ParameterValue,
                    $"Lab {lab.Name} ({lab.Source}): {string.Join(", ", lab.Nodes)}"))
                .ToList();
        }
    }
}
