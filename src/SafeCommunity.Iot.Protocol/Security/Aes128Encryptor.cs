using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace SafeCommunity.Iot.Protocol.Security;

/// <summary>
/// AES-128 encryption of single blocks, the only AES operation CMAC needs, with a key that can be changed in place.
/// </summary>
/// <remarks>
/// The gateway verifies frames of 140,000 devices with a bounded cache of prepared keys, so a key is often prepared
/// for a single frame. With the processor's AES instructions (AES-NI) preparing a key is a ten-step key expansion in
/// registers: no native cipher context, no random IV generated, nothing to finalise, nothing allocated, and every
/// step constant-time. Without them the platform's AES (OpenSSL) is used, as before.
/// </remarks>
internal abstract class Aes128Encryptor : IDisposable
{
    /// <summary>Whether this processor has the AES instructions.</summary>
    public static bool HardwareAvailable => X86Aes.IsSupported && Sse2.IsSupported;

    /// <summary>An encryptor for <paramref name="key"/>: AES-NI when available and allowed, the platform's AES otherwise.</summary>
    public static Aes128Encryptor Create(ReadOnlySpan<byte> key, bool allowHardware = true)
    {
        Aes128Encryptor encryptor = allowHardware && HardwareAvailable ? new HardwareAes128() : new PlatformAes128();
        encryptor.SetKey(key);
        return encryptor;
    }

    /// <summary>Replaces the key (16 bytes).</summary>
    public abstract void SetKey(ReadOnlySpan<byte> key);

    /// <summary>Encrypts the 16-byte <paramref name="block"/> in place.</summary>
    public abstract void EncryptBlock(Span<byte> block);

    /// <inheritdoc />
    public abstract void Dispose();

    /// <summary>AES-128 with AES-NI: the 11 round keys live in the object, the block in registers.</summary>
    private sealed class HardwareAes128 : Aes128Encryptor
    {
        private RoundKeys _keys;

        public override void SetKey(ReadOnlySpan<byte> key)
        {
            // The key expansion of FIPS-197 §5.2 as Intel's AES-NI white paper writes it: each round key from the
            // previous one and AESKEYGENASSIST with that round's constant (an immediate, hence the unrolling).
            var k = Vector128.Create(key);
            _keys[0] = k;
            _keys[1] = k = Next(k, X86Aes.KeygenAssist(k, 0x01));
            _keys[2] = k = Next(k, X86Aes.KeygenAssist(k, 0x02));
            _keys[3] = k = Next(k, X86Aes.KeygenAssist(k, 0x04));
            _keys[4] = k = Next(k, X86Aes.KeygenAssist(k, 0x08));
            _keys[5] = k = Next(k, X86Aes.KeygenAssist(k, 0x10));
            _keys[6] = k = Next(k, X86Aes.KeygenAssist(k, 0x20));
            _keys[7] = k = Next(k, X86Aes.KeygenAssist(k, 0x40));
            _keys[8] = k = Next(k, X86Aes.KeygenAssist(k, 0x80));
            _keys[9] = k = Next(k, X86Aes.KeygenAssist(k, 0x1B));
            _keys[10] = Next(k, X86Aes.KeygenAssist(k, 0x36));
        }

        public override void EncryptBlock(Span<byte> block)
        {
            var state = Sse2.Xor(Vector128.Create((ReadOnlySpan<byte>)block), _keys[0]);
            for (var round = 1; round < 10; round++)
            {
                state = X86Aes.Encrypt(state, _keys[round]);
            }

            X86Aes.EncryptLast(state, _keys[10]).CopyTo(block);
        }

        public override void Dispose() => _keys = default;

        private static Vector128<byte> Next(Vector128<byte> key, Vector128<byte> assist)
        {
            assist = Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
            key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
            key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
            key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
            return Sse2.Xor(key, assist);
        }

        [InlineArray(11)]
        private struct RoundKeys
        {
            private Vector128<byte> _element;
        }
    }

    /// <summary>The platform's AES in ECB mode without padding, one block at a time.</summary>
    private sealed class PlatformAes128 : Aes128Encryptor
    {
        private readonly System.Security.Cryptography.Aes _aes = System.Security.Cryptography.Aes.Create();
        private readonly byte[] _block = new byte[AesCmac.BlockSize];
        private ICryptoTransform? _encryptor;

        public override void SetKey(ReadOnlySpan<byte> key)
        {
            _encryptor?.Dispose();
            _aes.Key = key.ToArray();
            _aes.Mode = CipherMode.ECB;
            _aes.Padding = PaddingMode.None;
            _encryptor = _aes.CreateEncryptor();
        }

        public override void EncryptBlock(Span<byte> block)
        {
            block.CopyTo(_block);
            _encryptor!.TransformBlock(_block, 0, AesCmac.BlockSize, _block, 0);
            _block.CopyTo(block);
        }

        public override void Dispose()
        {
            _encryptor?.Dispose();
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_block);
        }
    }
}
