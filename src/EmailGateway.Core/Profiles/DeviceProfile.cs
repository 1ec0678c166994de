using System;
using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using EmailGateway.Profiles.Status;

namespace EmailGateway.Profiles
{
    /// <summary>
    /// How one kind of appliance is driven: the channel, the command for each operation, how failures are
    /// recognised, and how its status output is read. The default ships with the module; an edited copy is
    /// used as written, with every key checked on load (DeviceProfileException names file, line and key).
    /// </summary>
    public sealed class DeviceProfile
    {
        public const string DefaultPrompt = @"^[\w.-]+> $";
        public const string DefaultUploadDirectory = "/var/tmp/updates/";
        private static readonly Lazy<DeviceProfile> DefaultProfile = new Lazy<DeviceProfile>(LoadDefault);

        internal DeviceProfile(string name, string channel, string prompt, PagerSettings? pager, string uploadDirectory,
            CommandTemplates commands, ErrorRules errors, StatusLayout status, string source)
        {
            Name = name;
            Channel = channel;
            Prompt = prompt;
            Pager = pager;
            UploadDirectory = uploadDirectory;
            Commands = commands;
            Errors = errors;
            Status = status;
            Source = source;
        }

        public string Name { get; }

        /// <summary><c>exec</c> or <c>shell</c>.</summary>
        public string Channel { get; }

        /// <summary>Shell channel only: a regular expression matching the appliance's prompt at the end of its output.</summary>
        public string Prompt { get; }

        /// <summary>Shell channel only: the appliance's pager, or null when it does not page.</summary>
        public PagerSettings? Pager { get; }

        public string UploadDirectory { get; }
        public CommandTemplates Commands { get; }
        public ErrorRules Errors { get; }
        public StatusLayout Status { get; }

        /// <summary>True when commands go over an interactive shell with a prompt instead of exec requests.</summary>
        public bool IsShellChannel => string.Equals(Channel, "shell", StringComparison.Ordinal);

        /// <summary>Where the profile came from, for messages.</summary>
        public string Source { get; }

        public static DeviceProfile Default => DefaultProfile.Value;

        public static DeviceProfile Load(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The device profile '{path}' does not exist.", path);
            return Parse(File.ReadAllText(path), path);
        }

        /// <summary>Reads a profile; keys it does not name keep the built-in values.</summary>
        public static DeviceProfile Parse(string yaml, string source) => DeviceProfileReader.Read(yaml, source);

        /// <summary>A pattern that must match at the end of what has arrived (a prompt, a pager's prompt).</summary>
        internal static Regex AtEnd(string pattern) =>
            new Regex("(?:" + pattern + @")\z", RegexOptions.Multiline | RegexOptions.CultureInvariant, StatusLayout.MatchTimeout);

        private static DeviceProfile LoadDefault()
        {
            using var stream = typeof(DeviceProfile).GetTypeInfo().Assembly.GetManifestResourceStream("EmailGateway.Profiles.default.yaml")
                ?? throw new InvalidOperationException("The built-in device profile is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd(), "built-in");
        }

        public override string ToString() => $"{Name} ({Channel}, {Status.Format})";
    }
}
