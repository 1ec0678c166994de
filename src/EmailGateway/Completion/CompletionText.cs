using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace EmailGateway.Commands.Completion
{
    /// <summary>What the module's completers share: reading the typed word and quoting results.</summary>
    internal static class CompletionText
    {
        /// <summary>The word typed so far as a wildcard pattern (quotes removed, '*' appended).</summary>
        public static WildcardPattern PatternFor(string? wordToComplete)
        {
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
        }

        /// <summary>A name as it must be typed: single-quoted when it holds characters PowerShell would split on.</summary>
        public static string Quote(string name) =>
            name.Any(c => char.IsWhiteSpace(c) || "'\"`$(){}[];,|&@#<>".IndexOf(c) >= 0)
                ? "'" + name.Replace("'", "''") + "'"
                : name;

        /// <summary>The -ComputerName values already on the command line, if any (strings or arrays of strings).</summary>
        public static IReadOnlyList<string> BoundNames(IDictionary? fakeBoundParameters, string parameterName)
        {
            if (fakeBoundParameters is null || !fakeBoundParameters.Contains(parameterName)) return Array.Empty<string>();
            var value = fakeBoundParameters[parameterName];
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            return value switch
            {
                string single => new[] { single },
                IEnumerable many => many.Cast<object>().Select(v => v is PSObject p ? p.BaseObject : v).OfType<string>().ToList(),
                _ => Array.Empty<string>(),
            };
        }
    }
}
