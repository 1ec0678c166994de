using System;

namespace EmailGateway.DesiredState
{
    /// <summary>A desired-state file that cannot be used: names the file, the line and the field.</summary>
    public sealed class DesiredStateException : Exception
    {
        public DesiredStateException(string source, long line, string field, string problem, Exception? inner = null)
            : base($"{source}, line {line}{(field.Length == 0 ? string.Empty : ", " + field)}: {problem}.", inner)
        {
            Source = source;
            Line = line;
            Field = field;
        }

        public new string Source { get; }
        public long Line { get; }
        public string Field { get; }
    }
}
