using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace SafeCommunity.Iot.Receivers.Serial.Ports.Linux;

/// <summary>
/// The few libc calls a serial line needs on Linux: open a tty, put it in raw 8N1 at a speed, wait for it with
/// poll(2), read and write. The structure layouts are Linux's (glibc and musl, every architecture .NET runs on).
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class LinuxTerminal
{
    public const short PollIn = 0x001;
    public const short PollOut = 0x004;
    public const short PollError = 0x008;
    public const short PollHangUp = 0x010;
    public const short PollInvalid = 0x020;

    private const int ReadWrite = 0x2;
    private const int NoControllingTerminal = 0x100;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int SetNow = 0;
    private const uint ReceiverOn = 0x80;
    private const uint IgnoreModemLines = 0x800;
    private const uint TwoStopBits = 0x40;
    private const uint HardwareFlowControl = 0x80000000;
    private const nuint ExclusiveMode = 0x540C;
    private const int ExclusiveLock = 2;
    private const int DoNotWait = 4;
    private const int TryAgain = 11;
    private const int Interrupted = 4;
    private const int PermissionDenied = 13;
    private const int Busy = 16;

    /// <summary>
    /// Opens <paramref name="path"/> non-blocking and exclusive, raw 8N1 at <paramref name="baudRate"/>, no handshake,
    /// modem lines ignored; returns the descriptor.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The gateway may not open the device.</exception>
    /// <exception cref="IOException">It could not be opened or set up, or the speed is not one of <see cref="SerialSpeeds"/>.</exception>
    public static int Open(string path, int baudRate)
    {
        if (!SerialSpeeds.TryGetTermiosConstant(baudRate, out var speed))
        {
            throw new IOException($"{baudRate} bit/s is not a standard serial speed ({SerialSpeeds.List}).");
        }

        var fd = OpenFile(path, ReadWrite | NoControllingTerminal | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            throw Failure("open " + path);
        }

        try
        {
            TerminalAttributes attributes;
            if (GetAttributes(fd, &attributes) < 0)
            {
                throw Failure("read the line settings of " + path + " (is it a serial device?)");
            }

            // TIOCEXCL keeps other openers out, except root; the lock is what System.IO.Ports and other tools check.
            if (SetMode(fd, ExclusiveMode) < 0 || Lock(fd, ExclusiveLock | DoNotWait) < 0)
            {
                throw Failure("take " + path + " for this gateway alone");
            }

            MakeRaw(&attributes);
            attributes.ControlFlags = (attributes.ControlFlags | ReceiverOn | IgnoreModemLines) & ~(TwoStopBits | HardwareFlowControl);
            if (SetSpeed(&attributes, speed) < 0 || SetAttributes(fd, SetNow, &attributes) < 0)
            {
                throw Failure("set " + path + " to " + baudRate + " bit/s 8N1");
            }

            return fd;
        }
        catch
        {
            CloseFile(fd);
            throw;
        }
    }

    /// <summary>A pipe whose write end wakes a poll on its read end.</summary>
    public static (int Read, int Write) OpenWakePipe()
    {
        var ends = stackalloc int[2];
        if (Pipe(ends, CloseOnExec | NonBlocking) < 0)
        {
            throw Failure("create a wake-up pipe");
        }

        return (ends[0], ends[1]);
    }

    /// <summary>Waits for <paramref name="fds"/> for up to <paramref name="timeoutMilliseconds"/> (-1: for ever); an interrupted wait is resumed.</summary>
    public static int Poll(Span<PollDescriptor> fds, int timeoutMilliseconds)
    {
        fixed (PollDescriptor* first = fds)
        {
            while (true)
            {
                var ready = PollFiles(first, (nuint)fds.Length, timeoutMilliseconds);
                if (ready >= 0)
                {
                    return ready;
                }

                if (Marshal.GetLastPInvokeError() != Interrupted)
                {
                    throw Failure("wait for the serial line");
                }
            }
        }
    }

    /// <summary>Reads what is there: the count, 0 at the end, or -1 when nothing is there yet.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var read = ReadFile(fd, start, (nuint)buffer.Length);
            if (read >= 0)
            {
                return (int)read;
            }

            return Marshal.GetLastPInvokeError() is TryAgain or Interrupted ? -1 : throw Failure("read the serial line");
        }
    }

    /// <summary>Writes what the line takes now: the count, or 0 when its buffer is full.</summary>
    public static int Write(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var written = WriteFile(fd, start, (nuint)bytes.Length);
            if (written >= 0)
            {
                return (int)written;
            }

            return Marshal.GetLastPInvokeError() is TryAgain or Interrupted ? 0 : throw Failure("write to the serial line");
        }
    }

    /// <summary>Closes a descriptor; errors are of no use to anyone at that point.</summary>
    public static void Close(int fd) => CloseFile(fd);

    private static Exception Failure(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        var message = $"could not {what}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            PermissionDenied => new UnauthorizedAccessException(message),
            Busy or TryAgain => new IOException(message + " (another program has it open)"),
            _ => new IOException(message),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFile(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFile(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFile(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollFiles(PollDescriptor* fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe(int* ends, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int SetMode(int fd, nuint request);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Lock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int GetAttributes(int fd, TerminalAttributes* attributes);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int SetAttributes(int fd, int when, TerminalAttributes* attributes);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void MakeRaw(TerminalAttributes* attributes);

    [LibraryImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
    private static partial int SetSpeed(TerminalAttributes* attributes, uint speed);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor(int fd, short events)
    {
        public int Fd = fd;
        public short Events = events;
        public short Returned;
    }

    /// <summary>Linux's struct termios (60 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TerminalAttributes
    {
        public uint InputFlags;
        public uint OutputFlags;
        public uint ControlFlags;
        public uint LocalFlags;
        public byte LineDiscipline;
        public fixed byte ControlCharacters[32];
        public uint InputSpeed;
        public uint OutputSpeed;
    }
}
