using System;

namespace EmailGateway.Lab.Description
{
    /// <summary>A lab description that cannot be used; the message names the source, line and field.</summary>
    public sealed class LabDescriptionException : FormatException
    {
        public LabDescriptionException(string source, long line, string field, string problem, Exception? inner = null)
            : base($"{source}, line {line}: {(field.Length > 0 ? field + ": " : string.Empty)}{problem}", inner)
        {
            SourceName = source;
            Line = line;
            Field = field;
            Problem = problem;
        }

        public string SourceName { get; }
        public long Line { get; }
        public string Field { get; }
        public string Problem { get; }
    }
}
