using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using EmailGateway.Commands.Infrastructure;

namespace EmailGateway.Commands.Completion
{
    /// <summary>Completes -ComputerName with the names of the open sessions (SSH appliances and lab nodes).</summary>
    public sealed class ComputerNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.PatternFor(wordToComplete);
            // The word being completed is among the bound values too; only the others are "already named".
            var alreadyNamed = new HashSet<string>(CompletionText.BoundNames(fakeBoundParameters, parameterName), System.StringComparer.OrdinalIgnoreCase);
            alreadyNamed.Remove((wordToComplete ?? string.Empty).Trim('\'', '"'));
            return ModuleState.Current.Sessions.All()
                .Where(s => pattern.IsMatch(s.ComputerName) && !alreadyNamed.Contains(s.ComputerName))
                .Select(s => new CompletionResult(
                    CompletionText.Quote(s.ComputerName),
                    s.ComputerName,
                    CompletionResultType.ParameterValue,
                    s.LabName is null ? $"{s.ComputerName} ({s.Kind})" : $"{s.ComputerName} ({s.Kind}, lab {s.LabName})"))
                .ToList();
        }
    }
}
