namespace EmailGateway.Profiles.Status
{
    /// <summary>How an appliance writes its status, and so what a field's location in a profile means.</summary>
    public enum StatusFormat
    {
        /// <summary>A YAML mapping; locations are dotted paths (cluster.mode).</summary>
        Yaml,

        /// <summary><c>Key: value</c> lines under section headers; locations are Section/Key labels.</summary>
        KeyValue,

        /// <summary>Free text read by regular expressions; locations are the names of their groups.</summary>
        Regex,
    }
}
