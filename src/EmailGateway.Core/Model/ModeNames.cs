using System;

namespace EmailGateway.Model
{
    /// <summary>The protocol's lower-case words for the model's enumerations (show status, set commands).</summary>
    public static class ModeNames
    {
        public static string ToWire(ClusterMode mode) => mode.ToString().ToLowerInvariant();
        public static string ToWire(NetworkState state) => state.ToString().ToLowerInvariant();
        public static string ToWire(PowerState state) => state.ToString().ToLowerInvariant();

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

        private static T ParseEnum<T>(string text, string what) where T : struct
        {
            var trimmed = (text ?? string.Empty).Trim();
            if (trimmed.Length > 0 && !char.IsDigit(trimmed[0]) && Enum.TryParse<T>(trimmed, true, out var value)) return value;
            throw new FormatException($"'{text}' is not a {what} ({string.Join(", ", Enum.GetNames(typeof(T))).ToLowerInvariant()}).");
        }
    }
}
