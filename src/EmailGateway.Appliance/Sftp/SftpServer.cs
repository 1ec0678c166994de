using System.Buffers.Binary;
using EmailGateway.Lab.Shell;
using EmailGateway.Protocol;

namespace EmailGateway.Appliance.Sftp;

/// <summary>
/// The appliance's file transfer: the SFTP subsystem (version 3) over stdin/stdout, serving only the
/// node's <c>/var/tmp/updates/</c>. A written file is handed to the lab's upload (which may corrupt it on
/// an injected fault) when the client closes it, and lands under the lab's upload root:
/// <c>&lt;root&gt;/&lt;node&gt;/var/tmp/updates/&lt;file&gt;</c>. No chroot is needed; other paths are refused.
/// </summary>
internal sealed class SftpServer
{
    private const byte Init = 1, Version = 2, Open = 3, Close = 4, Read = 5, Write = 6, Lstat = 7, Fstat = 8, Setstat = 9, Fsetstat = 10,
        Opendir = 11, Readdir = 12, Remove = 13, Mkdir = 14, Rmdir = 15, Realpath = 16, Stat = 17, Rename = 18;
    private const byte StatusReply = 101, HandleReply = 102, DataReply = 103, NameReply = 104, AttrsReply = 105;
    private const uint Ok = 0, Eof = 1, NoSuchFile = 2, PermissionDenied = 3, Failure = 4, Unsupported = 8;
    private const uint OpenRead = 0x1, OpenWrite = 0x2, OpenTruncate = 0x10;
    private const uint AttrSize = 0x1, AttrPermissions = 0x4;
    private const string Home = "/var/tmp/updates";

    private readonly LabStateStore _store;
    private readonly string _node;
    private readonly string? _folder;
    private readonly Dictionary<string, OpenFile> _handles = new();
    private readonly Stream _input;
    private readonly Stream _output;
    private int _nextHandle;

    private SftpServer(LabStateStore store, string node, string? folder, Stream input, Stream output)
    {
        _store = store;
        _node = node;
        _folder = folder;
        _input = input;
        _output = output;
    }

    /// <summary>True when sshd started this program for the sftp subsystem (ForceCommand replaces the subsystem's command).</summary>
    public static bool IsSubsystemRequest(string? originalCommand)
    {
        if (string.IsNullOrWhiteSpace(originalCommand)) return false;
        var first = originalCommand.Trim().Split(' ')[0];
        return first == "internal-sftp" || first.EndsWith("sftp-server", StringComparison.Ordinal);
    }

    public static int Run(LabStateStore store)
    {
        var world = store.Read();
        string node;
        try
        {
            node = ApplianceIdentity.Resolve(world);
        }
        catch (ApplianceException error)
        {
            Console.Error.WriteLine(ApplianceError.Format(error.Code, error.Message));
            return 1;
        }
        var folder = world.UploadRoot is null ? null : Path.GetDirectoryName(world.UploadFilePath(node, Home + "/x"));
        if (folder != null) Directory.CreateDirectory(folder);
        using var input = RawStreams.Input();
        using var output = RawStreams.Output();
        new SftpServer(store, node, folder, input, output).Serve();
        return 0;
    }

    private void Serve()
    {
        var header = new byte[4];
        while (ReadExactly(header))
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length == 0 || length > 1024 * 1024) return;
            var body = new byte[length];
            if (!ReadExactly(body)) return;
            var request = new SftpReader(body);
            var type = request.ReadByte();
            if (type == Init)
            {
                new SftpWriter(Version).UInt32(3).WriteTo(_output);
            }
            else
            {
                var id = request.ReadUInt32();
                SftpWriter reply;
                try
                {
                    reply = Handle(type, id, request);
                }
                catch (ApplianceException error)
                {
                    reply = Status(id, error.Code == ErrorCodes.NotFound ? NoSuchFile : error.Code == "permission-denied" ? PermissionDenied : Failure, error.Message);
                }
                catch (Exception error) when (error is IOException || error is UnauthorizedAccessException || error is ArgumentException || error is IndexOutOfRangeException)
                {
                    reply = Status(id, Failure, error.Message);
                }
                reply.WriteTo(_output);
            }
            _output.Flush();
        }
    }

    private SftpWriter Handle(byte type, uint id, SftpReader request)
    {
        switch (type)
        {
            case Realpath:
                var resolved = Resolve(request.ReadString(), allowHome: true);
                return new SftpWriter(NameReply, id).UInt32(1).String(resolved).String(resolved).UInt32(0);
            case Open:
                return OpenPath(id, request.ReadString(), request.ReadUInt32());
            case Write:
            {
                var file = Find(request.ReadString());
                var offset = checked((long)request.ReadUInt64());
                var data = request.ReadBytes();
                if (!file.Writable) return Status(id, PermissionDenied, "the file is open for reading");
                file.Content.Position = offset;
                file.Content.Write(data);
                return Status(id, Ok, "ok");
            }
            case Read:
            {
                var file = Find(request.ReadString());
                var offset = checked((long)request.ReadUInt64());
                var length = (int)Math.Min(request.ReadUInt32(), 256 * 1024);
                if (offset >= file.Content.Length) return Status(id, Eof, "end of file");
                var buffer = new byte[Math.Min(length, file.Content.Length - offset)];
                file.Content.Position = offset;
                file.Content.ReadExactly(buffer);
                return new SftpWriter(DataReply, id).Bytes(buffer);
            }
            case Close:
                return CloseHandle(id, request.ReadString());
            case Fstat:
                return Attributes(id, Find(request.ReadString()).Content.Length, isDirectory: false);
            case Stat:
            case Lstat:
            {
                var path = Resolve(request.ReadString(), allowHome: true);
                if (path == Home) return Attributes(id, 0, isDirectory: true);
                var local = LocalFile(path);
                if (local is null || !File.Exists(local)) return Status(id, NoSuchFile, $"{path} does not exist");
                return Attributes(id, new FileInfo(local).Length, isDirectory: false);
            }
            case Setstat:
            case Fsetstat:
                return Status(id, Ok, "attributes are not kept");
            case Opendir:
            {
                var path = Resolve(request.ReadString(), allowHome: true);
                if (path != Home) return Status(id, NoSuchFile, $"{path} is not a folder");
                var handle = NewHandle(new OpenFile(path, writable: false, isDirectory: true));
                return new SftpWriter(HandleReply, id).String(handle);
            }
            case Readdir:
            {
                var directory = Find(request.ReadString());
                if (!directory.IsDirectory || directory.Listed) return Status(id, Eof, "end of listing");
                directory.Listed = true;
                var files = _folder is null || !Directory.Exists(_folder) ? Array.Empty<FileInfo>() : new DirectoryInfo(_folder).GetFiles();
                var reply = new SftpWriter(NameReply, id).UInt32((uint)files.Length);
                foreach (var file in files)
                    reply.String(file.Name).String($"-rw-r--r-- 1 appliance appliance {file.Length} {file.Name}").UInt32(AttrSize | AttrPermissions).UInt64((ulong)file.Length).UInt32(0x81A4);
                return reply;
            }
            case Remove:
            {
                var local = LocalFile(Resolve(request.ReadString(), allowHome: false));
                if (local is null || !File.Exists(local)) return Status(id, NoSuchFile, "no such file");
                File.Delete(local);
                return Status(id, Ok, "removed");
            }
            case Mkdir:
            {
                var path = Resolve(request.ReadString(), allowHome: true);
                return path == Home ? Status(id, Failure, $"{Home} exists") : Status(id, PermissionDenied, $"only {Home}/ accepts files");
            }
            case Rmdir:
            case Rename:
                return Status(id, PermissionDenied, "not allowed on this appliance");
            default:
                return Status(id, Unsupported, $"request type {type} is not supported");
        }
    }

    private SftpWriter OpenPath(uint id, string rawPath, uint flags)
    {
        var path = Resolve(rawPath, allowHome: false);
        var writable = (flags & OpenWrite) != 0;
        var file = new OpenFile(path, writable, isDirectory: false);
        if (!writable || (flags & OpenTruncate) == 0)
        {
            var local = LocalFile(path);
            if (local != null && File.Exists(local)) file.Content.Write(File.ReadAllBytes(local));
            else if ((flags & OpenRead) != 0 && !writable) return Status(id, NoSuchFile, $"{path} does not exist");
        }
        return new SftpWriter(HandleReply, id).String(NewHandle(file));
    }

    private SftpWriter CloseHandle(uint id, string handle)
    {
        var file = Find(handle);
        _handles.Remove(handle);
        if (!file.Writable) return Status(id, Ok, "closed");
        var content = file.Content.ToArray();
        var result = _store.Use(world => (world.Shell.Upload(_node, file.Path, content), true));
        if (result.Succeeded) return Status(id, Ok, "stored");
        var error = ApplianceError.Parse(result.StandardError, result.ExitStatus);
        return Status(id, error.Code == ErrorCodes.Unreachable ? Failure : PermissionDenied, error.ToString());
    }

    /// <summary>An absolute, normalised path; only the upload folder and the files directly in it are allowed.</summary>
    private static string Resolve(string path, bool allowHome)
    {
        var combined = path.StartsWith('/') ? path : Home + "/" + path;
        var parts = new List<string>();
        foreach (var part in combined.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        var normalised = "/" + string.Join('/', parts);
        if (normalised == Home && allowHome) return normalised;
        if (normalised.StartsWith(Home + "/", StringComparison.Ordinal) && normalised.IndexOf('/', Home.Length + 1) < 0) return normalised;
        throw new ApplianceException("permission-denied", $"{normalised}: only files in {ApplianceShell.UploadDirectory} are accessible");
    }

    private string? LocalFile(string path) => _folder is null ? null : Path.Combine(_folder, path.Substring(Home.Length + 1));

    private OpenFile Find(string handle) =>
        _handles.TryGetValue(handle, out var file) ? file : throw new ApplianceException("invalid-handle", "no such handle");

    private string NewHandle(OpenFile file)
    {
        var handle = "h" + _nextHandle++;
        _handles[handle] = file;
        return handle;
    }

    private static SftpWriter Status(uint id, uint code, string message) =>
        new SftpWriter(StatusReply, id).UInt32(code).String(message).String("en");

    private static SftpWriter Attributes(uint id, long size, bool isDirectory) =>
        new SftpWriter(AttrsReply, id).UInt32(AttrSize | AttrPermissions).UInt64((ulong)size).UInt32(isDirectory ? 0x41EDu : 0x81A4u);

    private bool ReadExactly(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = _input.Read(buffer, read, buffer.Length - read);
            if (count == 0) return false;
            read += count;
        }
        return true;
    }

    private sealed class OpenFile
    {
        public OpenFile(string path, bool writable, bool isDirectory)
        {
            Path = path;
            Writable = writable;
            IsDirectory = isDirectory;
        }

        public string Path { get; }
        public bool Writable { get; }
        public bool IsDirectory { get; }
        public bool Listed { get; set; }
        public MemoryStream Content { get; } = new();
    }
}
