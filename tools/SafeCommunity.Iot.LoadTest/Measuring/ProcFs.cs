using System.Globalization;

namespace SafeCommunity.Iot.LoadTest.Measuring;

/// <summary>
/// What Linux says of a process in <c>/proc</c>: CPU time from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime, in
/// USER_HZ ticks, which is 100 on Linux whatever the kernel's own tick) and resident memory from
/// <c>/proc/&lt;pid&gt;/status</c> (VmRSS). Parsers return null on text they cannot read.
/// </summary>
internal static class ProcFs
{
    /// <summary>Clock ticks per second of the times in /proc/&lt;pid&gt;/stat.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>CPU seconds (user + system) from the text of /proc/&lt;pid&gt;/stat.</summary>
    public static double? ParseCpuSeconds(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);

        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // After the name: state is field 3, utime field 14, stime field 15 (proc(5)).
        const int UtimeIndex = 14 - 3;
        if (fields.Length <= UtimeIndex + 1 ||
            !long.TryParse(fields[UtimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var utime) ||
            !long.TryParse(fields[UtimeIndex + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var stime))
        {
            return null;
        }

        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>Resident memory in bytes from the text of /proc/&lt;pid&gt;/status.</summary>
    public static long? ParseRssBytes(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line["VmRSS:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes)
                ? kilobytes * 1024
                : null;
        }

        return null;
    }

    /// <summary>The 1-minute load average from the text of /proc/loadavg.</summary>
    public static double? ParseLoadAverage(string loadavg)
    {
        ArgumentNullException.ThrowIfNull(loadavg);
        var first = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is not null && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    /// <summary>CPU seconds and resident bytes of process <paramref name="pid"/> now; null when it is gone.</summary>
    public static (double CpuSeconds, long RssBytes)? Read(int pid)
    {
        try
        {
            var cpu = ParseCpuSeconds(File.ReadAllText($"/proc/{pid}/stat"));
            var rss = ParseRssBytes(File.ReadAllText($"/proc/{pid}/status"));
            return cpu is { } c && rss is { } r ? (c, r) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The machine's 1-minute load average now.</summary>
    public static double LoadAverage()
    {
        try
        {
            return ParseLoadAverage(File.ReadAllText("/proc/loadavg")) ?? double.NaN;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
