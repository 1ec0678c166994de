using System;
using System.Collections.Generic;
using System.Linq;

namespace EmailGateway.Output
{
    /// <summary>
    /// How output objects hold values that ConvertTo-Json would otherwise write as numbers or nested objects:
    /// enums by name, builds by their text and durations as seconds (Durations.Seconds; a TimeSpan would be
    /// written as a dozen nested fields). The JSON writers of PowerShell 7 (without -EnumsAsStrings)
    /// and Windows PowerShell 5.1 both write public string properties as strings.
    /// </summary>
    internal static class OutputText
    {
        public static string Name<T>(T value) where T : struct, Enum => value.ToString();

        public static string? Name<T>(T? value) where T : struct, Enum => value?.ToString();

        public static string? Text(object? value) => value?.ToString();

        public static IReadOnlyList<TOut> Each<TIn, TOut>(IEnumerable<TIn>? items, Func<TIn, TOut> convert) =>
            (items ?? Enumerable.Empty<TIn>()).Select(convert).ToList();
    }
}
