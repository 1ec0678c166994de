using Microsoft.Win32.SafeHandles;

namespace EmailGateway.Appliance;

/// <summary>
/// Standard input and output as plain file streams. Console.OpenStandardInput reads a terminal through
/// the runtime's own line editor, which echoes a second time and changes the terminal's settings; an
/// appliance CLI must leave echo and line editing to the terminal sshd allocated.
/// </summary>
internal static class RawStreams
{
    public static Stream Input() => new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);

    public static Stream Output() => new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
}
