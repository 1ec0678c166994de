using System;
using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using EmailGateway.Protocol;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EmailGateway.Profiles
{
    /// <summary>
    /// How one kind of appliance is driven: the command for each operation and where each status field
    /// lives in its reply. The default ships with the module; an edited copy is used as written.
    /// </summary>
    public sealed class DeviceProfile
    {
        private static readonly Lazy<DeviceProfile> DefaultProfile = new Lazy<DeviceProfile>(LoadDefault);

        public string Name { get; set; } = "default";

        /// <summary><c>exec</c> or <c>shell</c>.</summary>
        public string Channel { get; set; } = "exec";

        /// <summary>Shell channel only: a regular expression matching the appliance's prompt at the end of its output.</summary>
        public string Prompt { get; set; } = @"^[\w.-]+> $";
        public string UploadDirectory { get; set; } = "/var/tmp/updates/";
        public CommandTemplates Commands { get; set; } = new CommandTemplates();
        public StatusKeys Status { get; set; } = new StatusKeys();

        /// <summary>True when commands go over an interactive shell with a prompt instead of exec requests.</summary>
        [YamlIgnore]
        public bool IsShellChannel => string.Equals(Channel, "shell", StringComparison.OrdinalIgnoreCase);

        /// <summary>Where the profile came from, for messages.</summary>
        [YamlIgnore]
        public string Source { get; private set; } = "built-in";

        public static DeviceProfile Default => DefaultProfile.Value;

        public static DeviceProfile Load(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The device profile '{path}' does not exist.", path);
            var profile = Parse(File.ReadAllText(path), path);
            return profile;
        }

        public static DeviceProfile Parse(string yaml, string source)
        {
            DeviceProfile? profile;
            try
            {
                profile = new DeserializerBuilder()
                    .WithNamingConvention(CamelCaseNamingConvention.Instance)
                    .Build()
                    .Deserialize<DeviceProfile>(yaml);
            }
            catch (YamlException ex)
            {
                throw new FormatException($"The device profile '{source}' is not valid: {ex.Message} (line {ex.Start.Line}).", ex);
            }
            if (profile is null) throw new FormatException($"The device profile '{source}' is empty.");
            profile.Source = source;
            profile.Validate();
            return profile;
        }

        private void Validate()
        {
            if (!string.Equals(Channel, "exec", StringComparison.OrdinalIgnoreCase) && !string.Equals(Channel, "shell", StringComparison.OrdinalIgnoreCase))
                throw new FormatException($"The device profile '{Source}' has channel '{Channel}'; use 'exec' or 'shell'.");
            if (IsShellChannel && string.IsNullOrWhiteSpace(Prompt))
                throw new FormatException($"The device profile '{Source}' uses the shell channel but has no prompt pattern.");
            // YAML '~' or an empty section deserialises to null; say so instead of failing later with a NullReferenceException.
            if (Commands is null) throw new FormatException($"The device profile '{Source}' has an empty 'commands' section.");
            if (Status is null) throw new FormatException($"The device profile '{Source}' has an empty 'status' section.");
            if (string.IsNullOrWhiteSpace(UploadDirectory)) throw new FormatException($"The device profile '{Source}' has no 'uploadDirectory'.");
            foreach (var key in typeof(StatusKeys).GetProperties(BindingFlags.Public | BindingFlags.Instance))
                if (key.CanWrite && string.IsNullOrWhiteSpace(key.GetValue(Status) as string))
                    throw new FormatException($"The device profile '{Source}' has no status key for '{key.Name}'.");
            try
            {
                _ = new Regex(Prompt ?? throw new FormatException($"The device profile '{Source}' has no 'prompt'."), RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"The device profile '{Source}' has a prompt that is not a regular expression: {ex.Message}", ex);
            }
            Commands.Validate(Source);
            if (!UploadDirectory.EndsWith("/", StringComparison.Ordinal)) UploadDirectory += "/";
        }

        private static DeviceProfile LoadDefault()
        {
            using var stream = typeof(DeviceProfile).GetTypeInfo().Assembly.GetManifestResourceStream("EmailGateway.Profiles.default.yaml")
                ?? throw new InvalidOperationException("The built-in device profile is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd(), "built-in");
        }
    }
}
