using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Profiles.Status;
using EmailGateway.Protocol;
using EmailGateway.Transport;

namespace EmailGateway.Profiles.Transcripts
{
    /// <summary>
    /// The reply to the status command in a captured transcript, as a device profile sees it. A capture of
    /// an interactive session (banner, prompts, pager prompts, terminal codes) is rendered as the screen
    /// showed it, and the reply is the text between the prompt followed by the profile's status command and
    /// the next prompt. A capture without prompts (<c>ssh host 'show status' &gt; file</c>) is the reply.
    /// </summary>
    public sealed class StatusTranscript
    {
        private StatusTranscript(DeviceProfile profile, string source, string reply, int firstLine, int lastLine, bool fromSession)
        {
            Profile = profile;
            Source = source;
            Reply = reply;
            FirstLine = firstLine;
            LastLine = lastLine;
            FromSession = fromSession;
        }

        public DeviceProfile Profile { get; }
        public string Source { get; }

        /// <summary>The reply as the screen showed it.</summary>
        public string Reply { get; }

        /// <summary>The reply's first and last line in the transcript, counted from 1.</summary>
        public int FirstLine { get; }

        public int LastLine { get; }

        /// <summary>True when the reply was found after a prompt in a session capture.</summary>
        public bool FromSession { get; }

        /// <summary>Finds the status reply; a TranscriptException says why there is none.</summary>
        public static StatusTranscript Find(string captured, DeviceProfile profile, string source)
        {
            var text = captured ?? string.Empty;
            if (profile.Pager != null) text = profile.Pager.Anywhere().Replace(text, string.Empty);
            var lines = TerminalText.Render(text.Replace("\r\n", "\n")).Split('\n');
            if (lines.All(l => l.Length == 0))
                throw new TranscriptException(TranscriptProblem.Empty, $"The transcript '{source}' is empty.");

            var prompt = DeviceProfile.AtEnd(profile.Prompt);
            var command = Words(profile.Commands.Status);
            int first = -1, last = lines.Length - 1;
            for (var i = 0; i < lines.Length && first < 0; i++)
                if (PromptBefore(lines[i], prompt) is { } end && Words((lines[i] + " ").Substring(end)) == command) first = i + 1;
            var fromSession = first >= 0;
            if (!fromSession)
            {
                if (lines.Any(l => PromptBefore(l, prompt) != null))
                    throw new TranscriptException(TranscriptProblem.NoStatusCommand,
                        $"The transcript '{source}' shows prompts, but none followed by the status command '{profile.Commands.Status}'; capture the reply to that command.");
                first = 0;
            }
            else
            {
                for (var i = first; i < lines.Length; i++)
                    if (PromptBefore(lines[i], prompt) != null) { last = i - 1; break; }
            }
            while (last >= first && lines[last].Length == 0) last--;
            while (first <= last && lines[first].Length == 0) first++;
            if (first > last)
                throw new TranscriptException(TranscriptProblem.Empty, $"The transcript '{source}' holds no reply to '{profile.Commands.Status}'.");

            var reply = string.Join("\n", lines, first, last - first + 1) + "\n";
            if (profile.Errors.Recognise(new CommandResult(0, reply, string.Empty)) is { } error)
                throw new TranscriptException(TranscriptProblem.ErrorReply,
                    $"The transcript '{source}' answers '{profile.Commands.Status}' with an error ({error.Code}: {error.Message}).");
            return new StatusTranscript(profile, source, reply, first + 1, last + 1, fromSession);
        }

        /// <summary>Reads the reply through the profile; line numbers count in the transcript.</summary>
        public StatusReading ReadStatus()
        {
            var reading = Profile.Status.Read(Reply);
            foreach (var field in reading.Fields)
            {
                if (field.Line is int line) field.Line = line + FirstLine - 1;
                field.Source = Source;
            }
            return reading;
        }

        /// <summary>Where a prompt ends at the start of <paramref name="line"/>, or null when the line does not start with one.</summary>
        private static int? PromptBefore(string line, System.Text.RegularExpressions.Regex prompt)
        {
            // Rendering dropped the blank after a prompt that ends its line ("meg1# "): put one back.
            var padded = line + " ";
            for (var end = 1; end <= padded.Length; end++)
                if (prompt.IsMatch(padded.Substring(0, end))) return end;
            return null;
        }

        private static string Words(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
