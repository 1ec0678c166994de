using System;
using System.Diagnostics;
using System.IO;

namespace EmailGateway.Upgrade.Journal
{
    /// <summary>
    /// One run per cluster at a time: an exclusive lock on a file beside the journal, held open for the
    /// run. The operating system drops it when the process ends, so a crashed run never leaves a stale lock.
    /// </summary>
    public sealed class RunLock : IDisposable
    {
        private FileStream? _stream;

        private RunLock(string path, FileStream stream)
        {
            Path = path;
            _stream = stream;
        }

        public string Path { get; }

        public static string PathFor(string journalPath) => System.IO.Path.GetFullPath(journalPath) + ".lock";

        /// <summary>Who this process is, as written into the journal while it runs.</summary>
        public static string Describe()
        {
            using var process = Process.GetCurrentProcess();
            return $"process {process.Id} on {Environment.MachineName} ({Environment.UserName})";
        }

        public static bool TryAcquire(string journalPath, out RunLock? runLock)
        {
            var path = PathFor(journalPath);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                runLock = new RunLock(path, stream);
                return true;
            }
            catch (IOException)
            {
                runLock = null;
                return false;
            }
        }

        /// <summary>Who holds the run lock of this journal ("the runner (lock path)"), or null when nobody does.</summary>
        public static string? Holder(string journalPath)
        {
            if (!IsHeld(journalPath)) return null;
            try
            {
                return $"{UpgradeJournal.Load(journalPath).Document.Runner ?? "an upgrade run"} (lock {PathFor(journalPath)})";
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                return $"an upgrade run (lock {PathFor(journalPath)})";
            }
        }

        /// <summary>True when some run (in this process or another) holds the lock now.</summary>
        public static bool IsHeld(string journalPath)
        {
            if (!File.Exists(PathFor(journalPath))) return false;
            if (!TryAcquire(journalPath, out var probe)) return true;
            probe!.Dispose();
            return false;
        }

        public void Dispose()
        {
            var stream = _stream;
            _stream = null;
            if (stream is null) return;
            // The file stays: deleting it could remove a lock another run has just taken on it.
            stream.Dispose();
        }
    }
}
