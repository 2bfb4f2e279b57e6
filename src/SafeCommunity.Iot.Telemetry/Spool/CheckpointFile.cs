using System.Buffers.Binary;
using System.Numerics;
using Microsoft.Win32.SafeHandles;

namespace SafeCommunity.Iot.Telemetry.Spool;

/// <summary>
/// Two numbers kept in a 24-byte file (magic, the numbers, CRC-32C), rewritten in place. A torn or damaged file reads
/// as missing, so whoever uses it starts from a safe earlier point (a resent batch, stored once by its timestamps).
/// </summary>
internal sealed class CheckpointFile : IDisposable
{
    private const int Length = 24;
    private const uint Magic = 0x31706373; // "scp1"

    private readonly SafeFileHandle _handle;

    public CheckpointFile(string path)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
    }

    public string Path { get; }

    /// <summary>The stored numbers, or null when the file is new, short or damaged.</summary>
    public (long First, long Second)? Read()
    {
        Span<byte> bytes = stackalloc byte[Length];
        if (RandomAccess.Read(_handle, bytes, 0) != Length ||
            BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic ||
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]) != Checksum(bytes[..20]))
        {
            return null;
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[12..]));
    }

    public void Write(long first, long second)
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[4..], first);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[12..], second);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[20..], Checksum(bytes[..20]));
        RandomAccess.Write(_handle, bytes, 0);
    }

    public void Flush() => RandomAccess.FlushToDisk(_handle);

    public void Dispose() => _handle.Dispose();

    private static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
