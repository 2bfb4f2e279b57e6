using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using SafeCommunity.Iot.Contracts.V1;
using SafeCommunity.Iot.Simulator.Transports;

namespace SafeCommunity.Iot.LoadTest.Probe;

/// <summary>
/// The lines the tool and its alarm probe exchange over the probe's standard input and output, one message per
/// line. Times are <see cref="System.Diagnostics.Stopwatch"/> timestamps: the monotonic clock both processes share.
/// </summary>
internal static class ProbeLine
{
    /// <summary>Child → tool: connected, and the alarm stream is live.</summary>
    public const string Ready = "ready";

    /// <summary>Tool → child: no more SOS frames; stop watching and exit.</summary>
    public const string Stop = "stop";

    private const string SosWord = "sos ";
    private const string SentWord = "sent ";
    private const string EventWord = "event ";
    private const string ResumesWord = "resumes ";

    /// <summary>Tool → child: publish this SOS uplink of <paramref name="deviceId"/> now.</summary>
    public static string Sos(uint deviceId, ChirpStackMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Create(CultureInfo.InvariantCulture,
            $"{SosWord}{deviceId} {message.DevEui} {message.FCnt} {Convert.ToBase64String(Encoding.UTF8.GetBytes(message.Topic))} {Convert.ToBase64String(message.Payload)}");
    }

    /// <summary>Child → tool: the SOS frame of <paramref name="deviceId"/> left at <paramref name="at"/>.</summary>
    public static string Sent(uint deviceId, long at) => string.Create(CultureInfo.InvariantCulture, $"{SentWord}{deviceId} {at}");

    /// <summary>Child → tool: an alarm event arrived at <paramref name="at"/>.</summary>
    public static string Event(AlarmEvent alarmEvent, long at)
    {
        ArgumentNullException.ThrowIfNull(alarmEvent);
        return string.Create(CultureInfo.InvariantCulture, $"{EventWord}{at} {Convert.ToBase64String(alarmEvent.ToByteArray())}");
    }

    /// <summary>Child → tool, last: how often the alarm stream was cut off and resumed.</summary>
    public static string Resumes(int resumes) => string.Create(CultureInfo.InvariantCulture, $"{ResumesWord}{resumes}");

    /// <summary>Reads an <see cref="Sos"/> line.</summary>
    public static bool TryReadSos(string line, out uint deviceId, [NotNullWhen(true)] out ChirpStackMessage? message)
    {
        ArgumentNullException.ThrowIfNull(line);
        deviceId = 0;
        message = null;
        var parts = Fields(line, SosWord, 5);
        if (parts is null ||
            !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out deviceId) ||
            !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var fcnt) ||
            !TryBase64(parts[3], out var topic) || !TryBase64(parts[4], out var payload))
        {
            return false;
        }

        message = new ChirpStackMessage(Encoding.UTF8.GetString(topic), payload, parts[1], fcnt);
        return true;
    }

    /// <summary>Reads a <see cref="Sent"/> line.</summary>
    public static bool TryReadSent(string line, out uint deviceId, out long at)
    {
        ArgumentNullException.ThrowIfNull(line);
        at = 0;
        deviceId = 0;
        var parts = Fields(line, SentWord, 2);
        return parts is not null &&
            uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out deviceId) &&
            long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out at);
    }

    /// <summary>Reads an <see cref="Event"/> line.</summary>
    public static bool TryReadEvent(string line, [NotNullWhen(true)] out AlarmEvent? alarmEvent, out long at)
    {
        ArgumentNullException.ThrowIfNull(line);
        alarmEvent = null;
        at = 0;
        var parts = Fields(line, EventWord, 2);
        if (parts is null || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out at) || !TryBase64(parts[1], out var bytes))
        {
            return false;
        }

        try
        {
            alarmEvent = AlarmEvent.Parser.ParseFrom(bytes);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    /// <summary>Reads a <see cref="Resumes"/> line.</summary>
    public static bool TryReadResumes(string line, out int resumes)
    {
        ArgumentNullException.ThrowIfNull(line);
        resumes = 0;
        var parts = Fields(line, ResumesWord, 1);
        return parts is not null && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out resumes);
    }

    private static string[]? Fields(string line, string word, int count)
    {
        if (!line.StartsWith(word, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = line[word.Length..].Split(' ');
        return parts.Length == count ? parts : null;
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length * 3 / 4];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
