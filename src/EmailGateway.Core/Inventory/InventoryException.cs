using System;

namespace EmailGateway.Inventory
{
    /// <summary>An inventory file that cannot be used; the message names the file and, where there is one, the line.</summary>
    public sealed class InventoryException : FormatException
    {
        public InventoryException(string path, long? line, string problem, Exception? inner = null)
            : base($"The inventory '{path}'{(line is null ? string.Empty : $" (line {line})")}: {problem}", inner)
        {
            Path = path;
            Line = line;
            Problem = problem;
        }

        public string Path { get; }
        public long? Line { get; }
        public string Problem { get; }
    }
}
