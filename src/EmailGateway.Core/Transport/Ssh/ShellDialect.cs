using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using EmailGateway.Profiles;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// What a shell conversation needs from the device profile, compiled once per profile: a profile is
    /// immutable, and a fan-out over hundreds of appliances shares one, so their connections share this too.
    /// </summary>
    internal sealed class ShellDialect
    {
        private static readonly ConditionalWeakTable<DeviceProfile, ShellDialect> Compiled = new ConditionalWeakTable<DeviceProfile, ShellDialect>();

        private ShellDialect(DeviceProfile profile)
        {
            Prompt = DeviceProfile.AtEnd(profile.Prompt);
            Pager = profile.Pager?.AtEnd();
            PagerKey = Encoding.UTF8.GetBytes(profile.Pager?.Send ?? " ");
            Errors = profile.Errors;
        }

        /// <summary>The dialect of <paramref name="profile"/>, compiled on first use.</summary>
        public static ShellDialect Of(DeviceProfile profile) => Compiled.GetValue(profile, p => new ShellDialect(p));

        /// <summary>The prompt, anchored to the end of what was received.</summary>
        public Regex Prompt { get; }

        /// <summary>The pager's prompt, anchored the same way; null when the appliance does not page.</summary>
        public Regex? Pager { get; }

        /// <summary>What is typed to page on; shared, never written to.</summary>
        public byte[] PagerKey { get; }

        public ErrorRules Errors { get; }
    }
}
