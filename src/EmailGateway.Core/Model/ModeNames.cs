using System;

namespace EmailGateway.Model
{
    /// <summary>The protocol's lower-case words for the model's enumerations (show status, set commands).</summary>
    public static class ModeNames
    {
        public static string ToWire(ClusterMode mode) => Word(mode);
        public static string ToWire(NetworkState state) => Word(state);
        public static string ToWire(PowerState state) => Word(state);

        public static string ToWire(SyncState state) => state switch
        {
            SyncState.InSync => "in-sync",
            SyncState.Stale => "stale",
            SyncState.Corrupt => "corrupt",
            SyncState.Source => "source",
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };

        public static ClusterMode ParseMode(string text) => ParseEnum<ClusterMode>(text, "cluster mode");
        public static NetworkState ParseNetwork(string text) => ParseEnum<NetworkState>(text, "network state");
        public static PowerState ParsePower(string text) => ParseEnum<PowerState>(text, "power state");

        public static SyncState ParseSync(string text) => (text ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "in-sync" or "insync" => SyncState.InSync,
            "stale" => SyncState.Stale,
            "corrupt" => SyncState.Corrupt,
            "source" => SyncState.Source,
            _ => throw new FormatException($"'{text}' is not a sync state (in-sync, stale, corrupt, source)."),
        };

        // Only the names themselves: Enum.TryParse would also take "-1" and combine "master,failover" into Scanner.
        private static T ParseEnum<T>(string text, string what) where T : struct
        {
            var trimmed = (text ?? string.Empty).Trim();
            foreach (var name in Enum.GetNames(typeof(T)))
                if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase)) return (T)Enum.Parse(typeof(T), name);
            throw new FormatException($"'{text}' is not a {what} ({string.Join(", ", Enum.GetNames(typeof(T))).ToLowerInvariant()}).");
        }

        // An undefined value would otherwise print as a number and go onto a command line.
        private static string Word<T>(T value) where T : struct =>
            Enum.IsDefined(typeof(T), value)
                ? value.ToString()!.ToLowerInvariant()
                : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a defined {typeof(T).Name}.");
    }
}
