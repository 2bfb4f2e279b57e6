using System.Globalization;
using System.Runtime.InteropServices;

namespace SafeCommunity.Iot.LoadTest.Running;

/// <summary>
/// Lowers the tool's own scheduling priority (Linux nice) once the gateway and its broker run, so on a machine the
/// tool shares with them the gateway's threads come first and the latency measured is the gateway's, not the
/// tool's fight for the same cores. Linux keeps a nice value per thread, so every thread of the tool is lowered;
/// threads started later inherit it from the thread that starts them. The gateway and the broker, started before,
/// keep their own.
/// </summary>
internal static partial class ToolPriority
{
    private const int PriorityOfProcess = 0;
    private const int NoSuchThread = 3; // ESRCH: the thread ended between listing and lowering it

    /// <summary>Sets <paramref name="nice"/> on every thread of this process; how many threads kept their priority.</summary>
    public static int Lower(int nice)
    {
        var unchanged = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var threadId) &&
                SetPriority(PriorityOfProcess, threadId, nice) != 0 &&
                Marshal.GetLastPInvokeError() != NoSuchThread)
            {
                unchanged++;
            }
        }

        return unchanged;
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
