using System.Security.Cryptography;

namespace SafeCommunity.Iot.Core.Registry;

/// <summary>
/// A device's 128-bit AES key. <see cref="ToString"/> never shows it, so a key cannot reach a log by accident.
/// </summary>
public sealed class DeviceKey : IEquatable<DeviceKey>
{
    /// <summary>Key length in bytes.</summary>
    public const int Length = 16;

    private readonly byte[] _bytes;

    private DeviceKey(byte[] bytes) => _bytes = bytes;

    /// <summary>The key bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Creates a key from 16 bytes.</summary>
    /// <exception cref="ArgumentException">Not 16 bytes.</exception>
    public static DeviceKey FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new DeviceKey(bytes.ToArray()) : throw new ArgumentException("A device key is 16 bytes.", nameof(bytes));

    /// <summary>Parses 32 hex digits.</summary>
    public static bool TryParseHex(string? hex, out DeviceKey? key)
    {
        key = null;
        if (hex is not { Length: Length * 2 })
        {
            return false;
        }

        var bytes = new byte[Length];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            return false;
        }

        key = new DeviceKey(bytes);
        return true;
    }

    /// <summary>The key as 32 lower-case hex digits, for export to a file an administrator asked for.</summary>
    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <summary>Never the key itself.</summary>
    public override string ToString() => "[device key]";

    /// <inheritdoc />
    public bool Equals(DeviceKey? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DeviceKey);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
}
