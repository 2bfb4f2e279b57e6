using System.Globalization;
using System.Text;

namespace SafeCommunity.Iot.Telemetry.Spool;

/// <summary>
/// Points the server rejected (HTTP 400), each after a comment line with the time and the server's reason:
/// <code>
/// # 2026-11-29T10:15:02.113Z HTTP 400: partial write: field type conflict: ...
/// position,community=wufu,device=285212673,gateway=gw-1,kind=ebike-chip lat="25.1" 1764411302113000000
/// </code>
/// Still line protocol: after fixing the cause (a field's type, say), <c>influx write</c> imports the file as it is.
/// Bounded by a size limit; beyond it rejected points are only counted and logged.
/// </summary>
public sealed class DeadLetterFile
{
    /// <summary>The file's name in the spool folder.</summary>
    public const string FileName = "dead-letter.lp";

    private readonly Lock _lock = new();
    private readonly long _maxBytes;

    /// <summary>Creates the file object for <c>dead-letter.lp</c> in <paramref name="directory"/>; the file appears with the first rejected point.</summary>
    public DeadLetterFile(string directory, long maxBytes)
    {
        Path = System.IO.Path.Combine(directory, FileName);
        _maxBytes = maxBytes;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The file's size limit.</summary>
    public long MaxBytes => _maxBytes;

    /// <summary>
    /// Appends one rejected line with its reason and forces it to disk; false when the file is at its limit (the
    /// line is then not kept).
    /// </summary>
    public bool Append(ReadOnlySpan<byte> line, int httpStatus, string? reason, DateTimeOffset at)
    {
        var comment = string.Create(
            CultureInfo.InvariantCulture,
            $"# {at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} HTTP {httpStatus}: {OneLine(reason)}\n");
        var header = Encoding.UTF8.GetBytes(comment);
        lock (_lock)
        {
            var size = File.Exists(Path) ? new FileInfo(Path).Length : 0;
            if (size + header.Length + line.Length + 1 > _maxBytes)
            {
                return false;
            }

            using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            file.Write(header);
            file.Write(line);
            if (line.Length == 0 || line[^1] != (byte)'\n')
            {
                file.WriteByte((byte)'\n');
            }

            file.Flush(flushToDisk: true);
            return true;
        }
    }

    private static string OneLine(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "(no reason given)" : reason.ReplaceLineEndings(" ").Trim();
}
