using BenchmarkDotNet.Attributes;
using SafeCommunity.Iot.Benchmarks.Uplinks;
using SafeCommunity.Iot.Protocol.Link;

namespace SafeCommunity.Iot.Benchmarks.Link;

/// <summary>
/// A serial base station's byte stream turned into records by <see cref="LinkStreamDecoder"/>, per record: the
/// <see cref="UplinkFleet"/>'s frames as radio reception records (COBS, CRC, delimiter) written by
/// <see cref="LinkRecordWriter"/>, decoded from one buffer or in reads of 64 bytes as a serial port hands them over.
/// </summary>
[MemoryDiagnoser]
public class LinkStreamDecodeBenchmarks
{
    private const int RecordCount = 1_024;
    private const int SerialReadBytes = 64;

    private readonly LinkStreamDecoder _decoder = new();
    private byte[] _stream = null!;

    /// <summary>Writes the records.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var fleet = UplinkFleet.Create(RecordCount);
        var stream = new MemoryStream();
        Span<byte> wire = stackalloc byte[LinkLayout.MaxWireLength];
        for (var i = 0; i < RecordCount; i++)
        {
            var written = LinkRecordWriter.WriteReception(wire, (uint)(50 * i), (short)(-78 - (i % 30)), (sbyte)(4 * (i % 9)), fleet.Frames[i]);
            stream.Write(wire[..written]);
        }

        _stream = stream.ToArray();
        Console.WriteLine($"// {RecordCount} records in {_stream.Length} bytes ({(double)_stream.Length / RecordCount:F1} bytes per record)");
        if (DecodeBuffer() != RecordCount || DecodeInSerialReads() != RecordCount)
        {
            throw new InvalidOperationException("Every record must decode.");
        }
    }

    /// <summary>All records from one buffer.</summary>
    [Benchmark(OperationsPerInvoke = RecordCount)]
    public int DecodeBuffer() => Decode(_stream);

    /// <summary>The same bytes in reads of 64 bytes: records split across reads are reassembled.</summary>
    [Benchmark(OperationsPerInvoke = RecordCount)]
    public int DecodeInSerialReads()
    {
        var records = 0;
        for (var offset = 0; offset < _stream.Length; offset += SerialReadBytes)
        {
            records += Decode(_stream.AsSpan(offset, Math.Min(SerialReadBytes, _stream.Length - offset)));
        }

        return records;
    }

    private int Decode(ReadOnlySpan<byte> input)
    {
        var records = 0;
        while (!input.IsEmpty)
        {
            var status = _decoder.Decode(input, out var consumed, out var record, out _);
            if (status == LinkStreamStatus.Record && record.Reception.Frame.Length > 0)
            {
                records++;
            }

            input = input[consumed..];
        }

        return records;
    }
}
