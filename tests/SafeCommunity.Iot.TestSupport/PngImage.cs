using System.Buffers.Binary;
using System.IO.Compression;

namespace SafeCommunity.Iot.TestSupport;

/// <summary>
/// The pixels of an 8-bit PNG (grey, RGB or RGBA, not interlaced: what <c>pdftoppm -png</c> writes), decoded with
/// nothing but zlib, so a test can say what a rendered page shows.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _pixels;
    private readonly int _channels;

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Decodes <paramref name="png"/>.</summary>
    /// <exception cref="InvalidDataException">Not a PNG, or a kind this reader does not take.</exception>
    public static PngImage Decode(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file");
        }

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (var offset = 8; offset + 8 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                channels = data[9] switch
                {
                    0 => 1,
                    2 => 3,
                    6 => 4,
                    _ => throw new InvalidDataException($"PNG colour type {data[9]} is not read here"),
                };
                if (data[8] != 8 || data[12] != 0)
                {
                    throw new InvalidDataException("only 8-bit, non-interlaced PNGs are read here");
                }
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }

            offset += 12 + length;
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new PngImage(width, height, channels, Unfilter(inflated.ToArray(), width, height, channels));
    }

    /// <summary>The pixel at (<paramref name="x"/>, <paramref name="y"/>) as red, green, blue.</summary>
    public (byte R, byte G, byte B) At(int x, int y)
    {
        var i = ((y * Width) + x) * _channels;
        return _channels == 1 ? (_pixels[i], _pixels[i], _pixels[i]) : (_pixels[i], _pixels[i + 1], _pixels[i + 2]);
    }

    /// <summary>How many pixels <paramref name="match"/> holds for.</summary>
    public int Count(Func<byte, byte, byte, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var count = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (r, g, b) = At(x, y);
                if (match(r, g, b))
                {
                    count++;
                }
            }
        }

        return count;
    }

    // PNG's five row filters (RFC 2083, 6): each row starts with its filter type.
    private static byte[] Unfilter(byte[] data, int width, int height, int channels)
    {
        var stride = width * channels;
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var source = data.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var above = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (var x = 0; x < stride; x++)
            {
                int left = x >= channels ? row[x - channels] : 0;
                int up = above[x];
                int upLeft = x >= channels ? above[x - channels] : 0;
                row[x] = (byte)(source[x] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG row filter {filter} does not exist"),
                });
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
