using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using EmailGateway.Execution;
using EmailGateway.Model;

namespace EmailGateway.Upgrade.Locking
{
    /// <summary>
    /// Run locks shared by every user of the machine: one lock file per cluster in one directory, held open
    /// exclusively for the run (the operating system releases it when the process ends, so a crash leaves
    /// no stale lock). By default <c>/tmp/EmailGateway-run-locks</c> (mode 1777: anyone may create a lock,
    /// nobody may remove another's) or <c>%ProgramData%\EmailGateway\run-locks</c> on Windows;
    /// <c>EMAILGATEWAY_RUN_LOCK_DIRECTORY</c> moves it. Lock files are created exclusively (never through a
    /// symbolic link) and only ever opened for reading afterwards; the holder's name is kept in a file of
    /// its own beside the lock, made the same way.
    /// </summary>
    public sealed class MachineRunLocks : IRunLockTable
    {
        public const string DirectoryVariable = "EMAILGATEWAY_RUN_LOCK_DIRECTORY";
        private const int SharedDirectoryMode = 0x3FF; // 1777: rwx for all, sticky
        private const int SharedFileMode = 0x1A4;      // 0644: everyone may open a lock to test it
        private const int HolderTextLimit = 1024;

        public MachineRunLocks(string? directory = null)
        {
            Directory = Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : directory!);
        }

        public string Directory { get; }

        /// <summary>The machine's one lock directory (not the user's temp folder: $TMPDIR may be per user).</summary>
        public static string DefaultDirectory
        {
            get
            {
                var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
                if (!string.IsNullOrWhiteSpace(configured)) return configured!;
                return RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "EmailGateway", "run-locks")
                    : "/tmp/EmailGateway-run-locks";
            }
        }

        public string Where(ClusterKey cluster) => PathFor(cluster);

        public string PathFor(ClusterKey cluster) => Path.Combine(Directory, FileName(cluster));

        /// <summary><c>cluster-12.lock</c>, or <c>cluster-&lt;segment&gt;-&lt;hash&gt;-12.lock</c> outside the default segment (<see cref="ClusterKey.FileStem"/>).</summary>
        public static string FileName(ClusterKey cluster) => cluster.FileStem + ".lock";

        public bool TryAcquire(ClusterKey cluster, string holder, out RunLock? runLock, out string? heldBy)
        {
            PrepareDirectory();
            var path = PathFor(cluster);
            var stream = OpenExclusive(path);
            if (stream is null)
            {
                runLock = null;
                heldBy = HolderOf(cluster) ?? $"another run (lock {path})";
                return false;
            }
            var holderFile = WriteHolder(path, holder);
            heldBy = null;
            runLock = new RunLock(cluster, path, () =>
            {
                if (holderFile != null) DeleteQuietly(holderFile);
                stream.Dispose();
            });
            return true;
        }

        public string? HolderOf(ClusterKey cluster)
        {
            var path = PathFor(cluster);
            try
            {
                RefuseLink(path);
                using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None)) return null;
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return null;
            }
            catch (IOException)
            {
                return $"{ReadHolder(path) ?? "another run"} (lock {path})";
            }
        }

        /// <summary>Opens the lock file exclusively; null when another open handle (another run) holds it.</summary>
        private static FileStream? OpenExclusive(string path)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                RefuseLink(path);
                if (!File.Exists(path))
                {
                    try
                    {
                        // O_CREAT|O_EXCL: never follows a link someone planted in a shared directory.
                        var created = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
                        SetMode(path, SharedFileMode);
                        return created;
                    }
                    catch (IOException) when (File.Exists(path))
                    {
                        continue; // created by another run meanwhile: open that one
                    }
                }
                try
                {
                    // An existing lock is only read, never written: a planted file cannot be changed through it.
                    return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
                }
                catch (FileNotFoundException)
                {
                    // removed meanwhile: create it again
                }
                catch (IOException)
                {
                    return null; // held
                }
            }
            throw new IOException($"The run lock {path} kept appearing and disappearing; another program is changing the lock directory.");
        }

        private void PrepareDirectory()
        {
            if (System.IO.Directory.Exists(Directory))
            {
                RefuseLink(Directory);
                if (GetMode(Directory) is int mode && (mode & 0x2) != 0 && (mode & 0x200) == 0 && !TrySetMode(Directory, SharedDirectoryMode))
                    throw new UnauthorizedAccessException(
                        $"The run lock directory {Directory} is writable by everyone but not sticky, so any user could remove another's lock. Ask its owner to run 'chmod 1777 {Directory}', or set {DirectoryVariable}.");
                return;
            }
            System.IO.Directory.CreateDirectory(Directory);
            SetMode(Directory, SharedDirectoryMode);
        }

        private static void RefuseLink(string path)
        {
            if ((File.Exists(path) || System.IO.Directory.Exists(path)) && (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0)
                throw new UnauthorizedAccessException($"{path} is a symbolic link, not a run lock; remove it (it may have been planted).");
        }

        private static string? WriteHolder(string lockPath, string holder)
        {
            var file = $"{lockPath}.{CurrentProcess.Id.ToString(CultureInfo.InvariantCulture)}.holder";
            try
            {
                if (File.Exists(file)) File.Delete(file); // left by an earlier process of the same id
                using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
                    writer.Write(holder);
                SetMode(file, SharedFileMode);
                return file;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null; // the lock holds without its description
            }
        }

        /// <summary>The newest description left by a live process beside the lock.</summary>
        private static string? ReadHolder(string lockPath)
        {
            try
            {
                var directory = Path.GetDirectoryName(lockPath)!;
                var candidates = System.IO.Directory.GetFiles(directory, Path.GetFileName(lockPath) + ".*.holder")
                    .Where(f => (File.GetAttributes(f) & FileAttributes.ReparsePoint) == 0 && ProcessAlive(f))
                    .OrderByDescending(File.GetLastWriteTimeUtc);
                foreach (var file in candidates)
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    var buffer = new byte[HolderTextLimit];
                    var read = stream.Read(buffer, 0, buffer.Length);
                    var text = new string(Encoding.UTF8.GetString(buffer, 0, read).Where(c => !char.IsControl(c)).ToArray()).Trim();
                    if (text.Length > 0) return text;
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }
            return null;
        }

        private static bool ProcessAlive(string holderFile)
        {
            var parts = Path.GetFileName(holderFile).Split('.');
            if (parts.Length < 3 || !int.TryParse(parts[parts.Length - 2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        private static void DeleteQuietly(string file)
        {
            try { File.Delete(file); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { }
        }

        // Unix permissions through File.Get/SetUnixFileMode where the runtime has them (PowerShell 7);
        // Windows relies on the ProgramData folder's own rules (users create files, only owners change them).
        private static readonly Type? UnixFileMode = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
        private static readonly MethodInfo? GetUnixFileMode = UnixFileMode is null ? null : typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
        private static readonly MethodInfo? SetUnixFileMode = UnixFileMode is null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), UnixFileMode });

        private static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static int? GetMode(string path)
        {
            if (!IsUnix || GetUnixFileMode is null) return null;
            try { return Convert.ToInt32(GetUnixFileMode.Invoke(null, new object[] { path }), CultureInfo.InvariantCulture); }
            catch (TargetInvocationException) { return null; }
        }

        private static void SetMode(string path, int mode) => TrySetMode(path, mode);

        private static bool TrySetMode(string path, int mode)
        {
            if (!IsUnix || SetUnixFileMode is null) return false;
            try
            {
                SetUnixFileMode.Invoke(null, new[] { path, Enum.ToObject(UnixFileMode!, mode) });
                return true;
            }
            catch (TargetInvocationException)
            {
                return false; // not the owner: the file or directory keeps the mode it has
            }
        }
    }
}
