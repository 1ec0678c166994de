using Xunit;
using EmailGateway.Profiles;
using EmailGateway.Profiles.Status;
using EmailGateway.Profiles.Transcripts;

namespace EmailGateway.Tests.Core.Profiles;

public class StatusTranscriptTests
{
    [Fact]
    public void The_reply_is_found_between_the_prompted_status_command_and_the_next_prompt()
    {
        var transcript = StatusTranscript.Find(WorkedExample.Transcript, WorkedExample.Profile, "capture.txt");

        Assert.True(transcript.FromSession);
        Assert.Equal(WorkedExample.Reply.Replace("\r\n", "\n"), transcript.Reply);
        Assert.Equal(7, transcript.FirstLine);
        Assert.Equal(28, transcript.LastLine);
    }

    [Fact]
    public void Readings_count_lines_in_the_transcript_and_name_it()
    {
        var reading = StatusTranscript.Find(WorkedExample.Transcript, WorkedExample.Profile, "capture.txt").ReadStatus();

        Assert.True(reading.IsComplete, string.Join("; ", reading.Problems));
        var host = reading.Fields.Single(f => f.Field == "Hostname");
        Assert.Equal(10, host.Line);
        Assert.Equal("System/Host name", host.Location);
        Assert.Equal("capture.txt", host.Source);
        Assert.Equal("  Host name         : meg2.example.com", WorkedExample.Transcript.Replace("\r\n", "\n").Split('\n')[host.Line!.Value - 1]);
        // After a pager prompt the line still counts as the transcript's own.
        Assert.Equal(17, reading.Fields.Single(f => f.Field == "VirtualIp").Line);
    }

    [Fact]
    public void A_capture_without_prompts_is_the_reply_itself()
    {
        var transcript = StatusTranscript.Find(WorkedExample.Reply, WorkedExample.Profile, "exec.txt");

        Assert.False(transcript.FromSession);
        Assert.Equal(1, transcript.FirstLine);
        Assert.True(transcript.ReadStatus().IsComplete);
    }

    [Fact]
    public void A_yaml_capture_reads_with_the_default_profile()
    {
        var reading = StatusTranscript.Find(Protocol.StatusDocumentTests.DesignSample, DeviceProfile.Default, "yaml.txt").ReadStatus();

        Assert.All(reading.Fields, f => Assert.Equal(StatusFieldOutcome.Parsed, f.Outcome));
        Assert.Equal(3, reading.Fields.Single(f => f.Field == "Build").Line);
    }

    [Fact]
    public void A_session_without_the_status_command_is_refused_naming_the_command()
    {
        var session = "meg2# show version\r\nFirmware 7.6.4\r\nmeg2# exit\r\n";
        var ex = Assert.Throws<TranscriptException>(() => StatusTranscript.Find(session, WorkedExample.Profile, "other.txt"));

        Assert.Equal(TranscriptProblem.NoStatusCommand, ex.Problem);
        Assert.Contains("'show system status'", ex.Message);
        Assert.Contains("'other.txt'", ex.Message);
    }

    [Fact]
    public void An_error_reply_is_refused_with_the_firmwares_message()
    {
        var session = "meg2# show system status\r\n% Error: System busy - meg2 is rebooting\r\nmeg2# ";
        var ex = Assert.Throws<TranscriptException>(() => StatusTranscript.Find(session, WorkedExample.Profile, "busy.txt"));

        Assert.Equal(TranscriptProblem.ErrorReply, ex.Problem);
        Assert.Contains("busy: System busy - meg2 is rebooting", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n  \r\n\u001b[0m")]
    [InlineData("meg2# show system status\r\nmeg2# ")]
    public void An_empty_capture_or_reply_is_refused(string captured)
    {
        var ex = Assert.Throws<TranscriptException>(() => StatusTranscript.Find(captured, WorkedExample.Profile, "empty.txt"));
        Assert.Equal(TranscriptProblem.Empty, ex.Problem);
    }
}
