using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EmailGateway.Commands.Infrastructure;
using EmailGateway.Profiles;
using EmailGateway.Profiles.Status;
using EmailGateway.Profiles.Transcripts;

namespace EmailGateway.Commands
{
    /// <summary>
    /// Shows what a device profile reads out of a captured transcript of an appliance's console, field by
    /// field: where it looked, the text it found and on which line, and the value it made of it.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "GatewayDeviceProfile")]
    [OutputType(typeof(StatusFieldReading))]
    public sealed class TestGatewayDeviceProfileCommand : GatewayCmdlet
    {
        private DeviceProfile? _profile;

        /// <summary>Capture files: a shell session log, or the saved output of the status command.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "Path")]
        [ValidateNotNullOrEmpty]
        public string[] Transcript { get; set; } = Array.Empty<string>();

        /// <summary>The profile to test; the built-in one when omitted.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? DeviceProfile { get; set; }

        protected override void BeginProcessing()
        {
            if (DeviceProfile is null)
            {
                _profile = Profiles.DeviceProfile.Default;
                return;
            }
            var path = GetUnresolvedProviderPathFromPSPath(DeviceProfile);
            try
            {
                _profile = Profiles.DeviceProfile.Load(path);
            }
            catch (FileNotFoundException ex)
            {
                ThrowTerminating("ProfileNotFound", ErrorCategory.ObjectNotFound, ex.Message, path);
            }
            catch (DeviceProfileException ex)
            {
                ThrowTerminating("InvalidProfile", ErrorCategory.InvalidData, ex.Message, path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminating(ex, path);
            }
            WriteVerbose($"Device profile '{_profile!.Name}' from {path}: {_profile.Channel} channel, {_profile.Status.Format} status.");
        }

        protected override void ProcessRecord()
        {
            foreach (var item in Transcript)
            {
                var path = GetUnresolvedProviderPathFromPSPath(item);
                if (!File.Exists(path))
                {
                    WriteNodeError("TranscriptNotFound", ErrorCategory.ObjectNotFound, $"The transcript '{path}' does not exist.", path);
                    continue;
                }
                StatusTranscript transcript;
                try
                {
                    transcript = StatusTranscript.Find(File.ReadAllText(path), _profile!, path);
                }
                catch (TranscriptException ex)
                {
                    WriteNodeError("Transcript" + ex.Problem, ErrorCategory.InvalidData, ex.Message, path);
                    continue;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    WriteNodeError(ex, path);
                    continue;
                }
                Write(transcript);
            }
        }

        private void Write(StatusTranscript transcript)
        {
            WriteVerbose(transcript.FromSession
                ? $"{transcript.Source}: the reply to '{_profile!.Commands.Status}' is on lines {transcript.FirstLine}-{transcript.LastLine}."
                : $"{transcript.Source}: no prompt in the capture; lines {transcript.FirstLine}-{transcript.LastLine} are read as the reply.");
            var reading = transcript.ReadStatus();
            if (reading.OtherKeys.Count > 0)
                WriteVerbose($"{transcript.Source}: keys no field reads: {string.Join(", ", reading.OtherKeys)}.");
            foreach (var field in reading.Fields) WriteObject(Typed(field, TypeNames.DeviceProfileField));
            var problems = reading.Problems.ToList();
            if (problems.Count > 0)
                WriteWarning($"{transcript.Source}: profile '{_profile!.Name}' cannot read this status: {string.Join("; ", problems)}.");
        }
    }
}
