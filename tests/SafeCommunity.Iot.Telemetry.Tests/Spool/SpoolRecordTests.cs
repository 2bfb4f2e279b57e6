using System.Text;
using SafeCommunity.Iot.Telemetry.Spool;

namespace SafeCommunity.Iot.Telemetry.Tests.Spool;

public sealed class SpoolRecordTests
{
    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    private static byte[] ThreeRecords() =>
    [
        .. SpoolRecord.Encode(Lines("uplink,device=1 counter=1i 1000"), 1),
        .. SpoolRecord.Encode(Lines("uplink,device=1 counter=2i 2000", "position,device=1 lat=25.1,lon=105.4 2000"), 2),
        .. SpoolRecord.Encode(Lines("uplink,device=1 counter=3i 3000"), 1),
    ];

    [Fact]
    public void Encode_WritesAHeaderLineThatIsALineProtocolComment()
    {
        var record = SpoolRecord.Encode(Lines("uplink,device=1 counter=1i 1000"), 1);

        var text = Encoding.UTF8.GetString(record);
        Assert.StartsWith("#sc1 00000020 ", text, StringComparison.Ordinal);
        Assert.Equal('\n', text[SpoolRecord.HeaderLength - 1]);
        Assert.EndsWith(" 00000001\nuplink,device=1 counter=1i 1000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_WholeRecords_ReturnsEachWithItsPayloadAndPoints()
    {
        var buffer = ThreeRecords().AsSpan();
        var found = new List<(string Payload, int Points)>();
        while (!buffer.IsEmpty)
        {
            Assert.Equal(SpoolRecordStatus.Record, SpoolRecord.TryRead(buffer, out var length, out var payload, out var points));
            found.Add((Encoding.UTF8.GetString(payload), points));
            buffer = buffer[length..];
        }

        Assert.Equal([1, 2, 1], found.Select(f => f.Points));
        Assert.Contains("position,device=1", found[1].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_EveryPrefixOfARecord_NeedsMoreDataUntilItIsWhole()
    {
        var record = SpoolRecord.Encode(Lines("uplink,device=1 counter=2i 2000", "position,device=1 lat=25.1 2000"), 2);
        for (var length = 0; length < record.Length; length++)
        {
            Assert.Equal(SpoolRecordStatus.Incomplete, SpoolRecord.TryRead(record.AsSpan(0, length), out _, out _, out _));
        }

        Assert.Equal(SpoolRecordStatus.Record, SpoolRecord.TryRead(record, out var whole, out _, out var points));
        Assert.Equal(record.Length, whole);
        Assert.Equal(2, points);
    }

    [Fact]
    public void TryRead_FedOneByteAtATime_FindsEveryRecordExactlyWhenItCompletes()
    {
        var stream = ThreeRecords();
        var pending = new List<byte>();
        var completedAt = new List<int>();
        for (var i = 0; i < stream.Length; i++)
        {
            pending.Add(stream[i]);
            var status = SpoolRecord.TryRead(pending.ToArray(), out var length, out _, out _);
            Assert.NotEqual(SpoolRecordStatus.Corrupt, status);
            if (status == SpoolRecordStatus.Record)
            {
                Assert.Equal(pending.Count, length);
                completedAt.Add(i + 1);
                pending.Clear();
            }
        }

        var first = SpoolRecord.Encode(Lines("uplink,device=1 counter=1i 1000"), 1).Length;
        Assert.Equal(3, completedAt.Count);
        Assert.Equal(first, completedAt[0]);
        Assert.Equal(stream.Length, completedAt[^1]);
    }

    [Theory]
    [InlineData(0)]   // magic
    [InlineData(7)]   // length digit
    [InlineData(15)]  // checksum digit
    [InlineData(25)]  // point count digit
    [InlineData(40)]  // payload byte
    public void TryRead_AnyByteChanged_IsNeverARecord(int position)
    {
        var record = SpoolRecord.Encode(Lines("uplink,device=1 counter=2i 2000"), 1);
        record[position] = record[position] == (byte)'1' ? (byte)'2' : (byte)'1';

        // A length made larger reads as "more to come" (Incomplete); everything else is Corrupt at once.
        Assert.NotEqual(SpoolRecordStatus.Record, SpoolRecord.TryRead(record, out _, out _, out _));
    }

    [Fact]
    public void TryRead_GarbageHeader_IsCorruptWithoutWaitingForABody()
    {
        Assert.Equal(SpoolRecordStatus.Corrupt, SpoolRecord.TryRead("#sc1 zz"u8, out _, out _, out _));
        Assert.Equal(SpoolRecordStatus.Corrupt, SpoolRecord.TryRead("\0\0\0"u8, out _, out _, out _));
    }

    [Fact]
    public void FindNextHeader_AfterDamage_FindsTheNextRecordAtALineStart()
    {
        var stream = ThreeRecords();
        var second = SpoolRecord.Encode(Lines("uplink,device=1 counter=1i 1000"), 1).Length;
        stream[40] ^= 0x20;

        Assert.Equal(SpoolRecordStatus.Corrupt, SpoolRecord.TryRead(stream, out _, out _, out _));
        Assert.Equal(second, SpoolRecord.FindNextHeader(stream));
        Assert.Equal(SpoolRecordStatus.Record, SpoolRecord.TryRead(stream.AsSpan(second), out _, out _, out var points));
        Assert.Equal(2, points);
    }
}
