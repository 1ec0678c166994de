using System.Text;
using System.Text.RegularExpressions;
using EmailGateway.Profiles;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>What a shell conversation needs from the device profile, compiled once per transport.</summary>
    internal sealed class ShellDialect
    {
        public ShellDialect(DeviceProfile profile)
        {
            Prompt = DeviceProfile.AtEnd(profile.Prompt);
            Pager = profile.Pager?.AtEnd();
            PagerKey = Encoding.UTF8.GetBytes(profile.Pager?.Send ?? " ");
            Errors = profile.Errors;
        }

        /// <summary>The prompt, anchored to the end of what was received.</summary>
        public Regex Prompt { get; }

        /// <summary>The pager's prompt, anchored the same way; null when the appliance does not page.</summary>
        public Regex? Pager { get; }

        public byte[] PagerKey { get; }
        public ErrorRules Errors { get; }
    }
}
