using System;

namespace EmailGateway.Profiles.Transcripts
{
    /// <summary>Why a captured transcript holds no status reply a profile could read.</summary>
    public enum TranscriptProblem
    {
        /// <summary>Nothing but blanks, escape sequences and pager prompts.</summary>
        Empty,

        /// <summary>A shell session whose prompts are never followed by the profile's status command.</summary>
        NoStatusCommand,

        /// <summary>The status command was answered with an error line.</summary>
        ErrorReply,
    }

    /// <summary>A transcript that holds no status reply; the message says what the capture shows instead.</summary>
    public sealed class TranscriptException : FormatException
    {
        public TranscriptException(TranscriptProblem problem, string message) : base(message) => Problem = problem;

        public TranscriptProblem Problem { get; }
    }
}
