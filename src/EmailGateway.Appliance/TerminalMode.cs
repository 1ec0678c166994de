using System.Runtime.InteropServices;

namespace EmailGateway.Appliance;

/// <summary>
/// The terminal sshd allocated for a shell, switched to single-key input without echo while a pager waits
/// (as <c>more</c> does), so one typed key is read at once and not shown. Linux termios layout.
/// </summary>
internal sealed class TerminalMode : IDisposable
{
    private const int StandardInput = 0;
    private const int SetNow = 0;               // TCSANOW
    private const int LocalFlagsOffset = 12;    // c_lflag after c_iflag, c_oflag, c_cflag
    private const uint Canonical = 0x2;         // ICANON
    private const uint Echo = 0x8;              // ECHO
    private const int ControlCharsOffset = 17;  // c_cc after c_lflag and c_line
    private const int MinimumIndex = 6;         // VMIN
    private const int TimeIndex = 5;            // VTIME

    private readonly byte[] _saved;

    private TerminalMode(byte[] saved) => _saved = saved;

    /// <summary>True when standard input is a terminal (an interactive shell with a pty).</summary>
    public static bool IsTerminal() => tcgetattr(StandardInput, new byte[64]) == 0;

    /// <summary>Single-key input without echo until disposed; null when standard input is no terminal.</summary>
    public static TerminalMode? SingleKey()
    {
        var saved = new byte[64];
        if (tcgetattr(StandardInput, saved) != 0) return null;
        var raw = (byte[])saved.Clone();
        var flags = BitConverter.ToUInt32(raw, LocalFlagsOffset) & ~(Canonical | Echo);
        BitConverter.GetBytes(flags).CopyTo(raw, LocalFlagsOffset);
        raw[ControlCharsOffset + MinimumIndex] = 1;
        raw[ControlCharsOffset + TimeIndex] = 0;
        return tcsetattr(StandardInput, SetNow, raw) == 0 ? new TerminalMode(saved) : null;
    }

    public void Dispose() => tcsetattr(StandardInput, SetNow, _saved);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcgetattr(int fd, byte[] termios);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);
}
