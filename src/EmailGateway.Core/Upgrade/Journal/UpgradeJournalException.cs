using System.IO;

namespace EmailGateway.Upgrade.Journal
{
    /// <summary>An upgrade journal that cannot be trusted to drive a run; <see cref="Reason"/> names why, for the ErrorId.</summary>
    public sealed class UpgradeJournalException : IOException
    {
        /// <summary>There is no file at the path.</summary>
        public const string NotFound = "JournalNotFound";
        /// <summary>The file is not YAML, or not a mapping.</summary>
        public const string Unreadable = "JournalUnreadable";
        /// <summary>Not a journal of the format this version writes (an earlier version's, or no journal at all).</summary>
        public const string UnsupportedFormat = "JournalFormat";
        /// <summary>The plan is cut short: fewer steps than recorded, or no plan at all.</summary>
        public const string Incomplete = "JournalIncomplete";
        /// <summary>The plan does not match its recorded digest: it was edited after it was written.</summary>
        public const string Altered = "JournalAltered";
        /// <summary>The plan holds a value this version cannot read (an unknown action, a bad build, ...).</summary>
        public const string Invalid = "JournalInvalid";
        /// <summary>The nodes the journal names are other appliances now.</summary>
        public const string Foreign = "JournalForeign";

        public UpgradeJournalException(string reason, string path, string message) : base(message)
        {
            Reason = reason;
            Path = path;
        }

        public string Reason { get; }
        public string Path { get; }
    }
}
