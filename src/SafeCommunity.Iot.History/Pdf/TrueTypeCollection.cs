using System.Buffers.Binary;

namespace SafeCommunity.Iot.History.Pdf;

/// <summary>
/// Takes one face out of a TrueType collection (<c>.ttc</c>, as Debian ships its CJK fonts) as a standalone font
/// file: PDFsharp reads single fonts only. The face's table directory is copied with each table moved behind it; the
/// tables themselves (and their checksums) are unchanged.
/// </summary>
internal static class TrueTypeCollection
{
    private const uint CollectionTag = 0x74746366; // "ttcf"
    private const int OffsetTableLength = 12;
    private const int TableRecordLength = 16;

    /// <summary>Whether <paramref name="file"/> is a collection.</summary>
    public static bool IsCollection(ReadOnlySpan<byte> file) => file.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(file) == CollectionTag;

    /// <summary>The first face of a collection as a font file, or <paramref name="file"/> itself when it is a single font.</summary>
    /// <exception cref="InvalidDataException">The collection is cut short or its offsets point outside it.</exception>
    public static byte[] FirstFace(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!IsCollection(file))
        {
            return file;
        }

        var face = (int)Read(file, 12);
        var tables = BinaryPrimitives.ReadUInt16BigEndian(Slice(file, face + 4, 2));
        var directoryLength = OffsetTableLength + (TableRecordLength * tables);
        var total = directoryLength;
        for (var i = 0; i < tables; i++)
        {
            total += Padded((int)Read(file, face + OffsetTableLength + (TableRecordLength * i) + 12));
        }

        var font = new byte[total];
        Slice(file, face, directoryLength).CopyTo(font);
        var position = directoryLength;
        for (var i = 0; i < tables; i++)
        {
            var record = font.AsSpan(OffsetTableLength + (TableRecordLength * i), TableRecordLength);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            Slice(file, offset, length).CopyTo(font.AsSpan(position));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            position += Padded(length);
        }

        return font;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static uint Read(byte[] file, int offset) => BinaryPrimitives.ReadUInt32BigEndian(Slice(file, offset, 4));

    private static ReadOnlySpan<byte> Slice(byte[] file, int offset, int length) =>
        offset >= 0 && length >= 0 && (long)offset + length <= file.Length
            ? file.AsSpan(offset, length)
            : throw new InvalidDataException("The font collection is cut short or damaged: a table lies outside the file.");
}
