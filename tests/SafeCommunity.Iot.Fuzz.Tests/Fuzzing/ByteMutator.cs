using System.Buffers.Binary;

namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>
/// Makes fuzz inputs from seeds: bit flips, random and "interesting" bytes and lengths, insertions, deletions,
/// duplicated ranges, splices with another seed and truncation, one to four at a time, into a fixed buffer.
/// </summary>
internal sealed class ByteMutator
{
    // Values that sit on boundaries parsers check: zero, sign bits, all ones, ASCII that means something to a text
    // or JSON parser, and the COBS delimiter.
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x20, 0x40, 0x0A, 0x0D, (byte)'$', (byte)'*', (byte)',', (byte)':', (byte)'"', (byte)'{', (byte)'[', (byte)'-', (byte)'9'];

    private static readonly int[] InterestingLengths = [0, 1, 2, 7, 8, 15, 16, 17, 21, 31, 32, 33, 63, 64, 127, 128, 129, 254, 255, 256, 65535, int.MaxValue, -1];

    private readonly IReadOnlyList<byte[]> _seeds;
    private readonly int _capacity;

    public ByteMutator(IReadOnlyList<byte[]> seeds, int capacity)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("no seeds", nameof(seeds));
        }

        _seeds = seeds;
        _capacity = capacity;
    }

    /// <summary>A new input in <paramref name="buffer"/> (at least the mutator's capacity): one in sixteen random bytes, the rest a mutated seed.</summary>
    public int Next(ref FuzzRandom random, byte[] buffer)
    {
        if (random.OneIn(16))
        {
            var length = random.Next(Math.Min(_capacity, 256) + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            return length;
        }

        return MutateCopy(ref random, random.Pick(_seeds), buffer, 1 + random.Next(4));
    }

    /// <summary>Copies <paramref name="seed"/> into <paramref name="buffer"/> and applies <paramref name="mutations"/> mutations (0 leaves it as it is).</summary>
    public int MutateCopy(ref FuzzRandom random, ReadOnlySpan<byte> seed, byte[] buffer, int mutations)
    {
        var size = Math.Min(seed.Length, _capacity);
        seed[..size].CopyTo(buffer);
        for (var m = 0; m < mutations; m++)
        {
            size = Mutate(ref random, buffer, size);
        }

        return size;
    }

    private int Mutate(ref FuzzRandom random, byte[] buffer, int size)
    {
        switch (random.Next(11))
        {
            case 0 when size > 0:
                buffer[random.Next(size)] ^= (byte)(1 << random.Next(8));
                return size;
            case 1 when size > 0:
                buffer[random.Next(size)] = (byte)random.Next(256);
                return size;
            case 2 when size > 0:
                buffer[random.Next(size)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return size;
            case 3 when size >= 4:
                // An interesting length or count written over a 1, 2 or 4 byte field, in either byte order.
                var value = InterestingLengths[random.Next(InterestingLengths.Length)];
                var at = random.Next(size - 3);
                if (random.OneIn(2))
                {
                    BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(at), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), (ushort)value);
                }

                return size;
            case 4:
                return random.Next(size + 1);
            case 5 when size < _capacity:
                return Insert(buffer, size, random.Next(size + 1), (byte)random.Next(256));
            case 6 when size > 0:
                var from = random.Next(size);
                var count = 1 + random.Next(Math.Min(8, size - from));
                buffer.AsSpan(from + count, size - from - count).CopyTo(buffer.AsSpan(from));
                return size - count;
            case 7 when size > 0:
                // Duplicate a range in place, as a receiver that repeats bytes would.
                var start = random.Next(size);
                var length = Math.Min(1 + random.Next(Math.Min(32, size - start)), _capacity - size);
                buffer.AsSpan(start, size - start).CopyTo(buffer.AsSpan(start + length));
                return size + length;
            case 8:
                return Splice(ref random, buffer, size);
            case 9 when size > 0:
                // Repeat one byte many times: long runs of one digit, quote or bracket.
                var fill = buffer[random.Next(size)];
                var runAt = random.Next(size + 1);
                var run = Math.Min(1 + random.Next(200), _capacity - size);
                buffer.AsSpan(runAt, size - runAt).CopyTo(buffer.AsSpan(runAt + run));
                buffer.AsSpan(runAt, run).Fill(fill);
                return size + run;
            default:
                return size > 1 ? random.Next(1, size) : size;
        }
    }

    private int Splice(ref FuzzRandom random, byte[] buffer, int size)
    {
        var other = random.Pick(_seeds);
        var start = random.Next(size + 1);
        var skip = random.Next(other.Length + 1);
        var take = Math.Min(other.Length - skip, _capacity - start);
        other.AsSpan(skip, take).CopyTo(buffer.AsSpan(start));
        return start + take;
    }

    private static int Insert(byte[] buffer, int size, int at, byte value)
    {
        buffer.AsSpan(at, size - at).CopyTo(buffer.AsSpan(at + 1));
        buffer[at] = value;
        return size + 1;
    }
}
