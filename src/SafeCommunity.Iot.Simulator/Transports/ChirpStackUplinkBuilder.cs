using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using SafeCommunity.Iot.Core.Geodesy;
using SafeCommunity.Iot.Core.Registry;
using SafeCommunity.Iot.Simulator.Engine;

namespace SafeCommunity.Iot.Simulator.Transports;

/// <summary>One MQTT message for the broker.</summary>
/// <param name="Topic">The topic (<c>application/{applicationId}/device/{devEui}/event/up</c>).</param>
/// <param name="Payload">The JSON body, UTF-8.</param>
/// <param name="DevEui">The device's DevEUI.</param>
/// <param name="FCnt">The LoRaWAN frame counter in it.</param>
public sealed record ChirpStackMessage(string Topic, byte[] Payload, string DevEui, uint FCnt);

/// <summary>
/// Turns a LoRaWAN device's transmission into the uplink event ChirpStack v4's MQTT integration publishes
/// (REFERENCE-FORMATS.md; chirpstack <c>integration.proto</c> <c>UplinkEvent</c> as JSON): one event per frame with one
/// <c>rxInfo</c> entry per rooftop gateway that heard it (ChirpStack de-duplicates before publishing), the frame bytes
/// base64 in <c>data</c>, <c>time</c> with 9 fractional digits and <c>+00:00</c>. No I/O: the MQTT transport
/// publishes what this builds, and tests parse it back.
/// </summary>
public sealed class ChirpStackUplinkBuilder
{
    /// <summary>The application the demo devices belong to in the simulated ChirpStack.</summary>
    public static readonly Guid ApplicationId = new("5a6c0d1e-3b7f-4a2c-9d81-6e2f4b8a1c07");

    /// <summary>The simulated ChirpStack tenant.</summary>
    public static readonly Guid TenantId = new("52f14cd4-c6f1-4fbd-8f87-4025e1d49242");

    /// <summary>The device profile of every demo device.</summary>
    public static readonly Guid DeviceProfileId = new("c3b1a6e2-0d4f-4e8b-a7c9-2f5d8e1b3a60");

    /// <summary>The uplink FPort of SafeCommunity frames.</summary>
    public const int FPort = 10;

    private const long BaseFrequencyHz = 470_300_000;
    private const long ChannelSpacingHz = 200_000;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private readonly Random _random;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, (uint FCnt, string DevAddr)> _sessions = new(StringComparer.Ordinal);

    /// <summary>Creates the builder; ids and counters come from <paramref name="randomSeed"/>, times from <paramref name="clock"/>.</summary>
    public ChirpStackUplinkBuilder(int randomSeed, TimeProvider? clock = null)
    {
        _random = new Random(randomSeed);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The uplink topic of <paramref name="devEui"/>.</summary>
    public static string Topic(string devEui) =>
        string.Create(CultureInfo.InvariantCulture, $"application/{ApplicationId:D}/device/{devEui}/event/up");

    /// <summary>A time as ChirpStack writes it: 9 fractional digits and <c>+00:00</c>.</summary>
    public static string FormatTime(DateTimeOffset time, int extraNanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extraNanoseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(extraNanoseconds, 99);
        var utc = time.ToUniversalTime();
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) +
            extraNanoseconds.ToString("00", CultureInfo.InvariantCulture) + "+00:00";
    }

    /// <summary>The uplink event for <paramref name="transmission"/>, or null when it is not a LoRaWAN device's or no gateway heard it.</summary>
    public ChirpStackMessage? Build(Transmission transmission)
    {
        ArgumentNullException.ThrowIfNull(transmission);
        var devEui = transmission.Device.DevEui;
        var gateways = transmission.HeardByKind(ReceiverKind.LoRaWanGateway).ToList();
        if (devEui is null || gateways.Count == 0)
        {
            return null;
        }

        var (fCnt, devAddr) = NextSession(devEui);
        var now = _clock.GetUtcNow();
        var best = gateways.Max(g => g.RssiDbm);
        var spreadingFactor = best >= -105 ? 7 : best >= -115 ? 9 : 10;
        var dataRate = 12 - spreadingFactor;
        var channel = _random.Next(0, 8);

        using var stream = new MemoryStream(1024);
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("deduplicationId", NewUuid().ToString("D"));
            json.WriteString("time", FormatTime(now, _random.Next(0, 100)));
            json.WriteStartObject("deviceInfo");
            json.WriteString("tenantId", TenantId.ToString("D"));
            json.WriteString("tenantName", "SafeCommunity Anlong");
            json.WriteString("applicationId", ApplicationId.ToString("D"));
            json.WriteString("applicationName", "SafeCommunity devices");
            json.WriteString("deviceProfileId", DeviceProfileId.ToString("D"));
            json.WriteString("deviceProfileName", "SafeCommunity CN470 class A");
            json.WriteString("deviceName", transmission.Device.DisplayName);
            json.WriteString("devEui", devEui);
            json.WriteString("deviceClassEnabled", "CLASS_A");
            json.WriteStartObject("tags");
            json.WriteString("community", transmission.Device.CommunityId);
            json.WriteString("kind", transmission.Device.Kind.Name());
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("devAddr", devAddr);
            json.WriteBoolean("adr", true);
            json.WriteNumber("dr", dataRate);
            json.WriteNumber("fCnt", fCnt);
            json.WriteNumber("fPort", FPort);
            json.WriteBoolean("confirmed", false);
            json.WriteString("data", Convert.ToBase64String(transmission.Bytes));
            json.WriteStartArray("rxInfo");
            foreach (var heard in gateways)
            {
                WriteRxInfo(json, heard, now, channel);
            }

            json.WriteEndArray();
            json.WriteStartObject("txInfo");
            json.WriteNumber("frequency", BaseFrequencyHz + (channel * ChannelSpacingHz));
            json.WriteStartObject("modulation");
            json.WriteStartObject("lora");
            json.WriteNumber("bandwidth", 125000);
            json.WriteNumber("spreadingFactor", spreadingFactor);
            json.WriteString("codeRate", "CR_4_5");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("regionConfigId", "cn470_10");
            json.WriteEndObject();
        }

        return new ChirpStackMessage(Topic(devEui), stream.ToArray(), devEui, fCnt);
    }

    private void WriteRxInfo(Utf8JsonWriter json, HeardBy heard, DateTimeOffset now, int channel)
    {
        json.WriteStartObject();
        json.WriteString("gatewayId", heard.Receiver.Id);
        json.WriteNumber("uplinkId", (uint)_random.Next(1, int.MaxValue));
        json.WriteString("gwTime", FormatTime(now - TimeSpan.FromMilliseconds(20 + _random.Next(0, 30)), _random.Next(0, 100)));
        json.WriteString("nsTime", FormatTime(now - TimeSpan.FromMilliseconds(_random.Next(1, 10)), _random.Next(0, 100)));
        json.WriteNumber("rssi", heard.RssiDbm);
        json.WriteNumber("snr", heard.SnrDb);
        json.WriteNumber("channel", channel);
        if (heard.Receiver.Position is GeoPoint position)
        {
            json.WriteStartObject("location");
            json.WriteNumber("latitude", position.Latitude);
            json.WriteNumber("longitude", position.Longitude);
            json.WriteNumber("altitude", 1372);
            json.WriteEndObject();
        }

        var context = new byte[4];
        _random.NextBytes(context);
        json.WriteString("context", Convert.ToBase64String(context));
        json.WriteStartObject("metadata");
        json.WriteString("region_config_id", "cn470_10");
        json.WriteString("region_common_name", "CN470");
        json.WriteEndObject();
        json.WriteString("crcStatus", "CRC_OK");
        json.WriteEndObject();
    }

    private (uint FCnt, string DevAddr) NextSession(string devEui)
    {
        if (!_sessions.TryGetValue(devEui, out var session))
        {
            // A joined device: NetID 000000 addresses (top 7 bits 0), a frame counter some way into the session.
            var address = (uint)_random.Next(0, 0x0200_0000);
            session = ((uint)_random.Next(1, 500), address.ToString("x8", CultureInfo.InvariantCulture));
        }
        else
        {
            session = (session.FCnt + 1, session.DevAddr);
        }

        _sessions[devEui] = session;
        return session;
    }

    private Guid NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);  // version 4 (Guid's little-endian field layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
        return new Guid(bytes);
    }
}
