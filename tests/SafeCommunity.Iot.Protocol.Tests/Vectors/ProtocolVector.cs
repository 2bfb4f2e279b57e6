using System.Globalization;
using System.Text.Json;
using SafeCommunity.Iot.Protocol.Link;
using SafeCommunity.Iot.Protocol.Radio;

namespace SafeCommunity.Iot.Protocol.Tests.Vectors;

/// <summary>One file of firmware-protocol/vectors (schema: PROTOCOL.md §3).</summary>
public sealed class ProtocolVector
{
    private readonly JsonElement _root;

    private ProtocolVector(string fileName, JsonElement root)
    {
        FileName = fileName;
        _root = root;
    }

    public string FileName { get; }

    public string Name => _root.GetProperty("name").GetString()!;

    public string Kind => _root.GetProperty("kind").GetString()!;

    public bool Valid => _root.GetProperty("valid").GetBoolean();

    public string? Error => _root.TryGetProperty("error", out var e) ? e.GetString() : null;

    public byte[] Bytes => Convert.FromHexString(_root.GetProperty("hex").GetString()!);

    public byte[] RecordBytes => Convert.FromHexString(_root.GetProperty("record_hex").GetString()!);

    public byte[] Key => Convert.FromHexString(_root.GetProperty("key").GetString()!);

    public byte[] Message => Convert.FromHexString(_root.GetProperty("message").GetString()!);

    public byte[] Cmac => Convert.FromHexString(_root.GetProperty("cmac").GetString()!);

    public JsonElement Fields => _root.GetProperty("fields");

    public override string ToString() => FileName;

    public static IReadOnlyList<ProtocolVector> LoadAll()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "vectors");
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(Load)]
            : [];
    }

    public static ProtocolVector Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new ProtocolVector(Path.GetFileName(path), document.RootElement.Clone());
    }

    /// <summary>The radio frame the fields describe (MIC not included).</summary>
    public RadioFrame ToRadioFrame()
    {
        var f = Fields;
        var type = ParseName<FrameType>(f.GetProperty("type").GetString()!);
        GeoFix? position = f.TryGetProperty("latitude", out var lat)
            ? new GeoFix(lat.GetInt32(), f.GetProperty("longitude").GetInt32(), f.GetProperty("accuracy").GetByte(), f.GetProperty("fix_age").GetByte())
            : null;
        var frame = new RadioFrame
        {
            Type = type,
            DeviceId = f.GetProperty("device_id").GetUInt32(),
            Counter = f.GetProperty("counter").GetUInt32(),
            Flags = ParseFlags<DeviceStatusFlags>(f.GetProperty("flags")),
            Battery = f.TryGetProperty("battery", out var battery) ? battery.GetByte() : (byte)0,
            Position = position,
        };
        if (f.TryGetProperty("event", out var ev))
        {
            frame = frame with { Event = ParseName<AlarmEventCode>(ev.GetString()!) };
        }

        if (f.TryGetProperty("command", out var command))
        {
            frame = frame with { Command = ParseName<DownlinkCommandCode>(command.GetString()!) };
        }

        if (f.TryGetProperty("argument", out var argument))
        {
            frame = frame with { Argument = argument.GetUInt16() };
        }

        if (f.TryGetProperty("acked_counter", out var acked))
        {
            frame = frame with { AckedCounter = acked.GetUInt32() };
        }

        if (f.TryGetProperty("result", out var result))
        {
            frame = frame with { Result = ParseName<CommandResult>(result.GetString()!) };
        }

        return frame;
    }

    public LinkRecordType RecordType => ParseName<LinkRecordType>(Fields.GetProperty("record_type").GetString()!);

    public ReceiverStatus ToReceiverStatus()
    {
        var f = Fields;
        return new ReceiverStatus(
            f.GetProperty("receiver_id").GetUInt32(),
            f.GetProperty("fw_major").GetByte(),
            f.GetProperty("fw_minor").GetByte(),
            f.GetProperty("fw_patch").GetByte(),
            ParseFlags<ReceiverStatusFlags>(f.GetProperty("status_flags")),
            f.GetProperty("uptime_s").GetUInt32(),
            f.GetProperty("frames_received").GetUInt32(),
            f.GetProperty("radio_crc_errors").GetUInt32(),
            f.GetProperty("records_dropped").GetUInt32());
    }

    /// <summary>Maps a name of the specification ("moved-while-armed", "gnss_fix_valid") to the enum member.</summary>
    public static T ParseName<T>(string name)
        where T : struct, Enum
    {
        var pascal = string.Concat(name.Split('-', '_').Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
        return Enum.Parse<T>(pascal, ignoreCase: false);
    }

    private static T ParseFlags<T>(JsonElement names)
        where T : struct, Enum
    {
        ulong value = 0;
        foreach (var name in names.EnumerateArray())
        {
            value |= Convert.ToUInt64(ParseName<T>(name.GetString()!), CultureInfo.InvariantCulture);
        }

        return (T)Enum.ToObject(typeof(T), value);
    }
}
