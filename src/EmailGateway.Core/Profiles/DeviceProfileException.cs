using System;

namespace EmailGateway.Profiles
{
    /// <summary>A device profile that cannot be used: names the file, the line, the key and the problem.</summary>
    public sealed class DeviceProfileException : FormatException
    {
        public DeviceProfileException(string source, long line, string key, string problem, Exception? inner = null)
            : base($"The device profile '{source}' is not valid: line {line}{(key.Length > 0 ? ", " + key : string.Empty)}: {problem.TrimEnd('.')}.", inner)
        {
            SourceName = source;
            Line = line;
            Key = key;
            Problem = problem;
        }

        public string SourceName { get; }
        public long Line { get; }

        /// <summary>The dotted key the problem is at (commands.setClusterId), or empty for the whole file.</summary>
        public string Key { get; }

        public string Problem { get; }
    }
}
