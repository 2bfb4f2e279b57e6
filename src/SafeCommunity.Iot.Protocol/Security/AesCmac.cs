using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SafeCommunity.Iot.Protocol.Security;

/// <summary>
/// AES-128-CMAC (RFC 4493) with one key at a time. The AES key schedule and the two CMAC subkeys are computed when
/// the key is set, and the block cipher is reused, so computing a MAC allocates nothing; <see cref="SetKey"/>
/// prepares another key in the same instance (with AES-NI, also without allocating).
/// </summary>
/// <remarks>Not thread-safe: it keeps one cipher and scratch blocks. Use one instance per thread.</remarks>
public sealed class AesCmac : IDisposable
{
    /// <summary>AES block and CMAC output length in bytes.</summary>
    public const int BlockSize = 16;

    /// <summary>AES-128 key length in bytes.</summary>
    public const int KeySize = 16;

    // The constant R_128 of RFC 4493 §2.3 (only its last byte is non-zero).
    private const byte Rb = 0x87;

    private readonly Aes128Encryptor _cipher;
    private readonly byte[] _k1 = new byte[BlockSize];
    private readonly byte[] _k2 = new byte[BlockSize];
    private readonly byte[] _state = new byte[BlockSize];

    /// <summary>Whether the processor's AES instructions are used (then preparing a key allocates nothing).</summary>
    public static bool HardwareAccelerated => Aes128Encryptor.HardwareAvailable;

    /// <summary>Prepares CMAC with a 128-bit key.</summary>
    /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
    public AesCmac(ReadOnlySpan<byte> key)
        : this(key, allowHardware: true)
    {
    }

    /// <summary>Prepares CMAC; <paramref name="allowHardware"/> false forces the platform's AES (for tests of both paths).</summary>
    internal AesCmac(ReadOnlySpan<byte> key, bool allowHardware)
    {
        CheckKey(key);
        _cipher = Aes128Encryptor.Create(key, allowHardware);
        DeriveSubkeys();
    }

    /// <summary>Replaces the key, as if this were a new instance for <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
    public void SetKey(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        _cipher.SetKey(key);
        DeriveSubkeys();
    }

    /// <summary>Computes the full 16-byte CMAC of <paramref name="message"/> into <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (destination.Length < BlockSize)
        {
            throw new ArgumentException("The destination needs 16 bytes.", nameof(destination));
        }

        Span<byte> state = _state;
        state.Clear();

        // All blocks but the last are plain CBC-MAC steps.
        while (message.Length > BlockSize)
        {
            XorInto(state, message[..BlockSize]);
            EncryptState();
            message = message[BlockSize..];
        }

        // The last block: complete → xor K1; partial or empty → pad with 10* and xor K2.
        if (message.Length == BlockSize)
        {
            XorInto(state, message);
            XorInto(state, _k1);
        }
        else
        {
            XorInto(state, message);
            state[message.Length] ^= 0x80;
            XorInto(state, _k2);
        }

        EncryptState();
        state.CopyTo(destination);
    }

    /// <summary>The first 4 bytes of the CMAC of <paramref name="message"/>, read as a little-endian u32.</summary>
    public uint ComputeMic(ReadOnlySpan<byte> message)
    {
        Span<byte> mac = stackalloc byte[BlockSize];
        Compute(message, mac);
        return BinaryPrimitives.ReadUInt32LittleEndian(mac);
    }

    /// <summary>Whether the 4 bytes <paramref name="mic"/> are the truncated CMAC of <paramref name="message"/>, compared in constant time.</summary>
    public bool VerifyMic(ReadOnlySpan<byte> message, ReadOnlySpan<byte> mic)
    {
        Span<byte> mac = stackalloc byte[BlockSize];
        Compute(message, mac);
        return mic.Length == 4 && CryptographicOperations.FixedTimeEquals(mac[..4], mic);
    }

    /// <summary>One-shot CMAC for callers that hold a key only briefly (tools, tests).</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        using var cmac = new AesCmac(key);
        cmac.Compute(message, destination);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cipher.Dispose();
        CryptographicOperations.ZeroMemory(_k1);
        CryptographicOperations.ZeroMemory(_k2);
        CryptographicOperations.ZeroMemory(_state);
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("An AES-128 key is 16 bytes.", nameof(key));
        }
    }

    private void DeriveSubkeys()
    {
        // L = AES(K, 0^128); K1 = L << 1 (xor Rb if msb); K2 = K1 << 1 (xor Rb if msb).
        Array.Clear(_state);
        EncryptState();
        ShiftLeftXorRb(_state, _k1);
        ShiftLeftXorRb(_k1, _k2);
        Array.Clear(_state);
    }

    private void EncryptState() => _cipher.EncryptBlock(_state);

    private static void XorInto(Span<byte> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < block.Length; i++)
        {
            state[i] ^= block[i];
        }
    }

    private static void ShiftLeftXorRb(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var carry = 0;
        for (var i = BlockSize - 1; i >= 0; i--)
        {
            var b = input[i];
            output[i] = (byte)((b << 1) | carry);
            carry = b >> 7;
        }

        if ((input[0] & 0x80) != 0)
        {
            output[BlockSize - 1] ^= Rb;
        }
    }
}
