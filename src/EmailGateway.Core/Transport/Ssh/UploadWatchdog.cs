using System;
using System.Threading;
using Renci.SshNet;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// Bounds every wait of an SFTP upload on the server: its token fires when the server has acknowledged
    /// nothing (the open, then each write) for the limit. A long upload that keeps moving is never cut.
    /// </summary>
    internal sealed class UploadWatchdog : IProgress<UploadFileProgressReport>, IDisposable
    {
        private readonly TimeSpan _limit;
        private readonly IProgress<long>? _progress;
        private readonly CancellationTokenSource _silence = new CancellationTokenSource();

        public UploadWatchdog(TimeSpan limit, IProgress<long>? progress)
        {
            _limit = limit;
            _progress = progress;
            _silence.CancelAfter(limit);
        }

        public CancellationToken Token => _silence.Token;

        public bool Expired => _silence.IsCancellationRequested;

        public void Report(UploadFileProgressReport value)
        {
            try
            {
                if (!_silence.IsCancellationRequested) _silence.CancelAfter(_limit);
            }
            catch (ObjectDisposedException)
            {
                // the upload is over
            }
            _progress?.Report((long)value.TotalBytesUploaded);
        }

        public void Dispose() => _silence.Dispose();
    }
}
